import * as api from '../../lib/api';
import { SIVI_FIELD_CODES, SIVI_RECORD_FIELDS, type AppError, type SiviForm, type SiviSaved } from '../../lib/api';
import { t } from '../../lib/i18n';

export type SiviKey = keyof SiviForm;

/** The form's values in the order the dialog shows them: the first one in error takes focus. */
export const SIVI_KEYS = [
  'senderId',
  'receiverId',
  'arboEmployerId',
  'connectionNumber',
  'payrollTaxNumber',
  'contactSurname',
  'contactInitials',
  'contactRole',
  'contactChannel',
  'contactValue',
  'gender',
  'initials',
  'processingCode',
  'causeCode',
] as const satisfies readonly SiviKey[];

/**
 * Values every export needs; gender and initials only when the record lacks them, and the
 * loonheffingennummer only when the employer has none recorded (the backend knows and fills it).
 */
const ALWAYS_REQUIRED: readonly SiviKey[] = [
  'senderId',
  'receiverId',
  'arboEmployerId',
  'connectionNumber',
  'contactSurname',
  'contactRole',
  'contactChannel',
  'contactValue',
];
const ABSENCE_REQUIRED: readonly SiviKey[] = ['processingCode', 'causeCode'];

const FORM_CODES = new Set<string>(Object.values(SIVI_FIELD_CODES));

/**
 * SiviExportState is one open "SIVI-bestanden opslaan" dialog: the values typed (held only while
 * the dialog is open, never stored), the field errors by SIVI field code (sivi_incomplete names
 * every field at once) and whatever else went wrong.
 */
export class SiviExportState {
  form = $state<SiviForm>(api.emptySiviForm());
  /** Reason codes by SIVI field code (exchange.senderId, employee.bsn, ...). */
  errors = $state<Record<string, string>>({});
  error = $state.raw<AppError | null>(null);
  busy = $state(false);

  readonly #employeeId: string;
  /** The dossier holds a sick report: Verzuimmeldingen is made too and needs its codes. */
  readonly withAbsence: boolean;

  constructor(employeeId: string, withAbsence: boolean) {
    this.#employeeId = employeeId;
    this.withAbsence = withAbsence;
  }

  /** The value is always needed (the text fields marked required; gender and initials depend on the record). */
  isRequired(key: SiviKey): boolean {
    return ALWAYS_REQUIRED.includes(key) || (this.withAbsence && ABSENCE_REQUIRED.includes(key));
  }

  /** The reason code of a form value's error, if any. */
  errorOf(key: SiviKey): string | undefined {
    return this.errors[SIVI_FIELD_CODES[key]] || undefined;
  }

  /** The user changed a value: its error goes. */
  clear(key: SiviKey): void {
    const code = SIVI_FIELD_CODES[key];
    if (this.errors[code]) this.errors = { ...this.errors, [code]: '' };
  }

  /**
   * Errors of values the form does not hold (the employee's record, the employer): the dialog
   * lists them, as [field code, reason code], known codes in a fixed order and then the rest.
   */
  get recordErrors(): [string, string][] {
    const known: readonly string[] = SIVI_RECORD_FIELDS;
    const out: [string, string][] = [];
    for (const f of SIVI_RECORD_FIELDS) if (this.errors[f]) out.push([f, this.errors[f]]);
    for (const [f, c] of Object.entries(this.errors).sort(([a], [b]) => a.localeCompare(b))) {
      if (c && !known.includes(f) && !FORM_CODES.has(f)) out.push([f, c]);
    }
    return out;
  }

  /** The first form value in error, in the dialog's order. */
  get firstError(): SiviKey | undefined {
    return SIVI_KEYS.find((k) => this.errorOf(k));
  }

  /** The required values that are empty, before the save dialog is asked for. */
  #localErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const keys = this.withAbsence ? [...ALWAYS_REQUIRED, ...ABSENCE_REQUIRED] : ALWAYS_REQUIRED;
    for (const k of keys) if (this.form[k].trim() === '') out[SIVI_FIELD_CODES[k]] = 'required';
    return out;
  }

  /**
   * submit saves the files: the folder and file names on success, null when nothing was saved
   * (values missing, an error, or the user cancelled the save dialog, which shows nothing).
   */
  async submit(): Promise<SiviSaved | null> {
    if (this.busy) return null;
    this.error = null;
    this.errors = this.#localErrors();
    if (Object.keys(this.errors).length > 0) return null;
    const form = this.withAbsence ? { ...this.form } : { ...this.form, processingCode: '', causeCode: '' };
    this.busy = true;
    try {
      const saved = await api.saveSivi(this.#employeeId, form);
      return saved.folder === '' ? null : saved;
    } catch (e) {
      const ae = api.toAppError(e);
      if ((ae.code === 'sivi_incomplete' || ae.code === 'invalid_input') && Object.keys(ae.fields).length > 0) {
        this.errors = { ...ae.fields };
      }
      // The alert on top says what happened; with sivi_incomplete it also lists the record's fields.
      this.error = ae;
      return null;
    } finally {
      this.busy = false;
    }
  }
}

/** savedText is the notice after saving: "Opgeslagen in <folder>: WerknemerGegevens.xml, Verzuimmeldingen.xml". */
export function savedText(saved: SiviSaved): string {
  return t('sharing.sivi.saved', { folder: saved.folder, files: saved.files.join(', ') });
}
