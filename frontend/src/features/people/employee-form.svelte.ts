import * as api from '../../lib/api';
import type { AppError, EmployeeDetail, EmployeeForm, IdentityFields } from '../../lib/api';
import { formatDecimal } from '../../lib/i18n';
import { isEmail, required, type FieldErrors } from '../../lib/validation';
import { displayToIso, isoToDisplay } from './dates';

/** The form's values: every field as the user sees it (dates dd-mm-jjjj), all strings. */
export type FormValues = Omit<IdentityFields, 'displayName' | 'country'> & {
  persnr: string;
  department: string;
  start: string;
  end: string;
  hours: string;
  jobTitle: string;
  costCentre: string;
  /** The employment facts an arbo service needs: a CONTRACTS value or '', sector, risk group, UWV reference. */
  contract: string;
  sector: string;
  riskGroup: string;
  uwvRef: string;
  /** 'NL', 'BE', 'other' or '' (the select). */
  country: string;
  /** The country's name when country is 'other'. */
  countryOther: string;
};

export type FormKey = keyof FormValues;

/**
 * The canonical column names the backend puts in AppError.fields, in the order the form shows
 * them (the first invalid one gets the focus), with the form value each belongs to.
 */
export const FIELDS: readonly (readonly [string, FormKey])[] = [
  ['persnr', 'persnr'],
  ['afdeling', 'department'],
  ['datum_in_dienst', 'start'],
  ['datum_uit_dienst', 'end'],
  ['uren_per_week', 'hours'],
  ['functie', 'jobTitle'],
  ['kostenplaats', 'costCentre'],
  ['soort_contract', 'contract'],
  ['sector', 'sector'],
  ['risicopremiegroep', 'riskGroup'],
  ['uwv_referentie', 'uwvRef'],
  ['voorletters', 'initials'],
  ['roepnaam', 'firstName'],
  ['voornamen', 'firstNames'],
  ['tussenvoegsel', 'prefix'],
  ['achternaam', 'surname'],
  ['partner_tussenvoegsel', 'partnerPrefix'],
  ['partner_achternaam', 'partnerSurname'],
  ['naamgebruik', 'nameUsage'],
  ['geslacht', 'gender'],
  ['bsn', 'bsn'],
  ['geboortedatum', 'birthDate'],
  ['straat', 'street'],
  ['huisnummer', 'number'],
  ['toevoeging', 'addition'],
  ['postcode', 'postcode'],
  ['woonplaats', 'city'],
  ['land', 'country'],
  ['telefoon', 'phoneMobile'],
  ['telefoon_werk', 'phoneWork'],
  ['telefoon_prive', 'phonePrivate'],
  ['email_werk', 'emailWork'],
  ['email_prive', 'emailPrivate'],
];

const CANONICAL = new Set(FIELDS.map(([c]) => c));

export function emptyValues(): FormValues {
  return {
    persnr: '', department: '', start: '', end: '', hours: '', jobTitle: '', costCentre: '',
    contract: '', sector: '', riskGroup: '', uwvRef: '',
    initials: '', firstName: '', firstNames: '', prefix: '', surname: '', partnerPrefix: '', partnerSurname: '',
    nameUsage: '', gender: '', bsn: '', birthDate: '', street: '', number: '', addition: '', postcode: '', city: '',
    country: 'NL', countryOther: '', phoneMobile: '', phoneWork: '', phonePrivate: '', emailWork: '', emailPrivate: '',
  };
}

/** The form values for editing an employee: the identity as read, the current employment. */
export function valuesFrom(d: EmployeeDetail): FormValues {
  const v = emptyValues();
  v.persnr = d.persnr;
  v.department = d.department;
  const job = d.employments[0];
  if (job) {
    v.start = isoToDisplay(job.start);
    v.end = isoToDisplay(job.end);
    v.hours = formatDecimal(job.hours); // 32,5 in Dutch; the backend reads a comma or a point
    v.jobTitle = job.jobTitle;
    v.costCentre = job.costCentre;
    v.contract = job.contract ?? '';
    v.sector = job.sector ?? '';
    v.riskGroup = job.riskGroup ?? '';
    v.uwvRef = job.uwvRef ?? '';
  }
  const i = d.identity;
  if (i) {
    const { displayName: _name, country, birthDate, ...rest } = i;
    Object.assign(v, rest);
    v.birthDate = isoToDisplay(birthDate);
    if (country === '' || country === 'NL' || country === 'BE') v.country = country;
    else {
      v.country = 'other';
      v.countryOther = country;
    }
  }
  return v;
}

/** The request for the backend: the full identity (an empty field clears it), dates as jjjj-mm-dd. */
export function toRequest(v: FormValues): EmployeeForm {
  const identity: IdentityFields = {
    ...api.emptyIdentity(),
    initials: v.initials, firstName: v.firstName, firstNames: v.firstNames, prefix: v.prefix, surname: v.surname,
    partnerPrefix: v.partnerPrefix, partnerSurname: v.partnerSurname, nameUsage: v.nameUsage, gender: v.gender,
    bsn: v.bsn, birthDate: displayToIso(v.birthDate), street: v.street, number: v.number, addition: v.addition,
    postcode: v.postcode, city: v.city, country: v.country === 'other' ? v.countryOther.trim() : v.country,
    phoneMobile: v.phoneMobile, phoneWork: v.phoneWork, phonePrivate: v.phonePrivate, emailWork: v.emailWork,
    emailPrivate: v.emailPrivate, displayName: '',
  };
  return {
    persnr: v.persnr.trim(), department: v.department, identity, start: displayToIso(v.start),
    end: displayToIso(v.end), hours: v.hours.trim(), costCentre: v.costCentre, jobTitle: v.jobTitle,
    contract: v.contract, sector: v.sector.trim(), riskGroup: v.riskGroup.trim(), uwvRef: v.uwvRef.trim(),
  };
}

/**
 * The code the backend gives a BSN, checked here first so the user hears about a typo at once:
 * 8 or 9 digits (spaces and dots ignored; 8 digits get a leading zero) passing the elfproef.
 */
export function bsnProblem(value: string): 'bsn_format' | 'bsn_elfproef' | null {
  const v = value.replace(/[\s.]/g, '');
  if (v === '') return null;
  if (!/^\d{8,9}$/.test(v)) return 'bsn_format';
  const d = v.padStart(9, '0');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(d[i]);
  sum -= Number(d[8]);
  return sum % 11 === 0 && d !== '000000000' ? null : 'bsn_elfproef';
}

/** The backend's sector rule, checked here first: a UWV sector number 1 to 69 ("sector 5" too). */
export function sectorProblem(value: string): 'sector_format' | null {
  const v = value.trim().toLowerCase().replace(/^sector\s*/, '');
  if (v === '') return null;
  return /^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 69 ? null : 'sector_format';
}

/** Zero hours a week fits only an on-call contract (the backend's hours_zero). */
export function hoursZeroProblem(hours: string, contract: string): boolean {
  return /^0+(?:[.,]0*)?$/.test(hours.trim()) && contract !== 'on-call';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export type FormMode = { kind: 'create'; employer: string } | { kind: 'edit'; detail: EmployeeDetail };

/**
 * EmployeeFormState is the add/edit form. Errors are keyed by the backend's canonical column
 * names, so a refusal from the backend lands under the same inputs as the form's own checks.
 * Nothing typed is lost on an error: values are only replaced by a new form.
 */
export class EmployeeFormState {
  readonly mode: FormMode;
  v = $state<FormValues>(emptyValues());
  employer = $state('');
  errors = $state<FieldErrors>({});
  /** Values the backend shows back with a field's code: the persnr of the employee who has the BSN. */
  params = $state<Record<string, string[]>>({});
  error = $state<AppError | null>(null);
  busy = $state(false);

  constructor(mode: FormMode, defaults: Partial<FormValues> = {}) {
    this.mode = mode;
    if (mode.kind === 'edit') {
      this.v = valuesFrom(mode.detail);
      this.employer = mode.detail.employer;
    } else {
      this.v = { ...emptyValues(), ...defaults };
      this.employer = mode.employer;
    }
  }

  get editing(): boolean {
    return this.mode.kind === 'edit';
  }

  /** Whether the current employment has ended (the edit form then shows its end date). */
  get hasEnd(): boolean {
    return this.mode.kind === 'edit' && (this.mode.detail.employments[0]?.end ?? '') !== '';
  }

  /**
   * The form's own checks, mirroring the backend's codes: required fields, BSN, e-mail and date
   * shapes. The backend stays the authority for everything else (postcode, phone, plausibility).
   */
  check(): FieldErrors {
    const v = this.v;
    const e: FieldErrors = {};
    required(e, 'persnr', v.persnr);
    required(e, 'afdeling', v.department);
    required(e, 'achternaam', v.surname);
    if (v.country === 'other') required(e, 'land', v.countryOther);
    const bsn = bsnProblem(v.bsn);
    if (bsn) e['bsn'] = bsn;
    for (const [field, value] of [['email_werk', v.emailWork], ['email_prive', v.emailPrivate]] as const) {
      if (value.trim() !== '' && !isEmail(value)) e[field] = 'email_format';
    }
    const sector = sectorProblem(v.sector);
    if (sector) e['sector'] = sector;
    if (hoursZeroProblem(v.hours, v.contract)) e['uren_per_week'] = 'hours_zero';
    if (required(e, 'datum_in_dienst', v.start) && !ISO_DATE.test(displayToIso(v.start))) e['datum_in_dienst'] = 'date_format';
    for (const [field, value] of [['geboortedatum', v.birthDate], ['datum_uit_dienst', v.end]] as const) {
      if (value.trim() !== '' && !ISO_DATE.test(displayToIso(value))) e[field] = 'date_format';
    }
    return e;
  }

  /** The first field with an error, in the order the form shows them. */
  firstInvalid(): string | null {
    for (const [c] of FIELDS) if (this.errors[c]) return c;
    return null;
  }

  /** Errors under names the form has no input for (shown above the form). */
  get otherErrors(): [string, string][] {
    return Object.entries(this.errors).filter(([k]) => !CANONICAL.has(k) || (k === 'datum_uit_dienst' && !this.hasEnd));
  }

  /** Send the form; returns the saved employee, or null when there were errors (kept on screen). */
  async submit(): Promise<EmployeeDetail | null> {
    if (this.busy) return null;
    this.error = null;
    const e = this.check();
    this.errors = e;
    if (Object.keys(e).length > 0) return null;
    this.busy = true;
    try {
      const req = toRequest(this.v);
      return this.mode.kind === 'edit'
        ? await api.updateEmployee(this.mode.detail.id, req)
        : await api.createEmployee(this.employer, req);
    } catch (err) {
      const ae = api.toAppError(err);
      if (ae.code === 'invalid_input' && Object.keys(ae.fields).length > 0) {
        this.errors = { ...ae.fields };
        this.params = ae.params;
      } else this.error = ae;
      return null;
    } finally {
      this.busy = false;
    }
  }
}
