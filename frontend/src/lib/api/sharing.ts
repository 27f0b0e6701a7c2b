import * as Sharing from '../../../wailsjs/go/app/Sharing';
import { app } from '../../../wailsjs/go/models';
import { call } from './call';

/**
 * The share panel's calls (app/sharing.go): "Dossier delen", "Deling intrekken" and the absence
 * actions. Every change answers with the dossier as it is now.
 */

export const CARE_QUESTIONS = ['sick-report', 'case-manager', 'consultation'] as const;
export type CareQuestion = (typeof CARE_QUESTIONS)[number];

export const HISTORY_KINDS = ['shared', 'revoked', 'shared-by-arbo', 'sick', 'recovered', 'absence-change', 'ended'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

/** HistoryLine.reason of an 'ended' line: the end date passed, or the case closed after recovery. */
export const ENDED_REASONS = ['until', 'case-closed'] as const;
export type EndedReason = (typeof ENDED_REASONS)[number];

export const MILESTONES = [
  'report-to-arbo',
  'problem-analysis',
  'plan-of-action',
  'report-to-uwv',
  'first-year-evaluation',
  'reintegration-report-wia',
  'end-of-wage-payment',
] as const;
export type Milestone = (typeof MILESTONES)[number];

/** How a Poortwachter step stands (sharing.StepStatus): late is red, due amber, the rest green. */
export const STEP_STATUSES = ['late', 'due', 'upcoming', 'done', 'passed'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface StepView {
  code: Milestone | '';
  /** jjjj-mm-dd: the first day of its first week. */
  from: string;
  /** jjjj-mm-dd: the last day of its last week. */
  deadline: string;
  status: StepStatus | '';
  /** A moment (end of wage payment), not a task to mark done. */
  event: boolean;
  /** jjjj-mm-dd when marked done, else ''. */
  done: string;
  doneBy: string;
}

export const EXPECTED_DURATIONS = ['up-to-1-week', '1-to-2-weeks', '2-to-6-weeks', 'more-than-6-weeks', 'unknown'] as const;
export type ExpectedDuration = (typeof EXPECTED_DURATIONS)[number];

export interface ShareInfo {
  careQuestion: CareQuestion | '';
  /** RFC 3339. */
  since: string;
  /** jjjj-mm-dd, or '' (a sick report's share lasts until recovery). */
  until: string;
}

export interface HistoryLine {
  kind: HistoryKind;
  /** RFC 3339. */
  at: string;
  /** The user's name, '' when unknown. */
  by: string;
  careQuestion: CareQuestion | '';
  explanation: string;
  /** jjjj-mm-dd or ''. */
  until: string;
  reason: string;
}

export interface CareAddress {
  street: string;
  number: string;
  postcode: string;
  city: string;
}

/**
 * SickReport is everything the employer may record at a sick report (DOMAIN.md, "Who may see
 * what"), and nothing else: no diagnosis, no cause, no health free text. The backend refuses
 * any other key (unknown_field).
 */
export interface SickReport {
  phone: string;
  /** All '' means the home address. */
  careAddress: CareAddress;
  expectedDuration: ExpectedDuration | '';
  /** Ongoing appointments and work, at most 500 characters, optional. */
  ongoingAppointments: string;
  /** The safety net (vangnetregeling) applies: yes/no, never which one. */
  safetyNet: boolean;
  workAccident: boolean;
  /** A traffic accident with a liable third party. */
  thirdPartyLiable: boolean;
  /** dd-mm-jjjj as typed (jjjj-mm-dd from the backend). */
  firstSickDay: string;
}

/** The keys a sick report is sent with, in order. */
export const SICK_REPORT_KEYS = [
  'phone',
  'careAddress',
  'expectedDuration',
  'ongoingAppointments',
  'safetyNet',
  'workAccident',
  'thirdPartyLiable',
  'firstSickDay',
] as const satisfies readonly (keyof SickReport)[];

export interface AbsenceView {
  /** jjjj-mm-dd. */
  firstSickDay: string;
  week: number;
  nextMilestone: Milestone | '';
  /** The last week of the next milestone. */
  milestoneWeek: number;
  percentage: number;
  /** The report as last recorded. */
  report: SickReport;
  /** Every Poortwachter step in order, with its deadline and status. */
  steps: StepView[];
  /** The worst step status: late, due or upcoming. */
  status: StepStatus | '';
}

export interface DossierView {
  shared: boolean;
  share: ShareInfo | null;
  /** The arbo service holds case content: the share can no longer be revoked. */
  caseContent: boolean;
  /** The arbo service reported the case closed. */
  caseClosed: boolean;
  /** The Poortwachter step the arbo service reports, in its own words; '' when none. */
  poortwachter: string;
  /** This employee's messages the arbo service has not acknowledged yet. */
  pending: number;
  canRevoke: boolean;
  /** Newest first. */
  history: HistoryLine[];
  /** The open absence, or null. */
  absence: AbsenceView | null;
  /** The employment ended more than four weeks ago: no share, no sick report (employment_ended). */
  employmentEnded: boolean;
}

export interface ShareForm {
  careQuestion: CareQuestion | '';
  explanation: string;
  /** dd-mm-jjjj or ''. */
  until: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const bool = (v: unknown): boolean => v === true;
function oneOf<T extends string>(list: readonly T[], v: unknown): T | '' {
  return typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : '';
}
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function emptySickReport(): SickReport {
  return {
    phone: '',
    careAddress: { street: '', number: '', postcode: '', city: '' },
    expectedDuration: '',
    ongoingAppointments: '',
    safetyNet: false,
    workAccident: false,
    thirdPartyLiable: false,
    firstSickDay: '',
  };
}

/** toSickReport narrows the report the backend sends back; unknown keys are dropped. */
export function toSickReport(v: unknown): SickReport {
  const r = isRecord(v) ? v : {};
  const a = isRecord(r.careAddress) ? r.careAddress : {};
  return {
    phone: str(r.phone),
    careAddress: { street: str(a.street), number: str(a.number), postcode: str(a.postcode), city: str(a.city) },
    expectedDuration: oneOf(EXPECTED_DURATIONS, r.expectedDuration),
    ongoingAppointments: str(r.ongoingAppointments),
    safetyNet: bool(r.safetyNet),
    workAccident: bool(r.workAccident),
    thirdPartyLiable: bool(r.thirdPartyLiable),
    firstSickDay: str(r.firstSickDay),
  };
}

/**
 * reportPayload is the object sent for a sick report: built field by field, so it holds exactly
 * SICK_REPORT_KEYS whatever else the object passed in carries.
 */
export function reportPayload(r: SickReport): Record<string, unknown> {
  return {
    phone: r.phone.trim(),
    careAddress: {
      street: r.careAddress.street.trim(),
      number: r.careAddress.number.trim(),
      postcode: r.careAddress.postcode.trim(),
      city: r.careAddress.city.trim(),
    },
    expectedDuration: r.expectedDuration,
    ongoingAppointments: r.ongoingAppointments.trim(),
    safetyNet: r.safetyNet === true,
    workAccident: r.workAccident === true,
    thirdPartyLiable: r.thirdPartyLiable === true,
    firstSickDay: r.firstSickDay.trim(),
  };
}

function toHistory(h: app.HistoryLine): HistoryLine | null {
  const kind = oneOf(HISTORY_KINDS, h.kind);
  if (kind === '') return null;
  return {
    kind, at: str(h.at), by: str(h.by), careQuestion: oneOf(CARE_QUESTIONS, h.careQuestion),
    explanation: str(h.explanation), until: str(h.until), reason: str(h.reason),
  };
}

const time = (at: string): number => {
  const n = Date.parse(at);
  return Number.isNaN(n) ? 0 : n;
};

function toStep(s: app.StepView): StepView {
  return {
    code: oneOf(MILESTONES, s.code), from: str(s.from), deadline: str(s.deadline), status: oneOf(STEP_STATUSES, s.status),
    event: bool(s.event), done: str(s.done), doneBy: str(s.doneBy),
  };
}

/** toDossier narrows the backend's DossierView; the history is kept newest first. */
export function toDossier(d: app.DossierView): DossierView {
  const history = (d.history ?? []).map(toHistory).filter((h): h is HistoryLine => h !== null);
  // The backend sends newest first; a stable sort keeps that order for equal times.
  history.sort((a, b) => time(b.at) - time(a.at));
  const s = d.share;
  const a = d.absence;
  return {
    shared: d.shared === true,
    share: s ? { careQuestion: oneOf(CARE_QUESTIONS, s.careQuestion), since: str(s.since), until: str(s.until) } : null,
    caseContent: d.caseContent === true,
    caseClosed: d.caseClosed === true,
    poortwachter: str(d.poortwachter).trim(),
    pending: Math.max(0, Math.floor(num(d.pending))),
    canRevoke: d.canRevoke === true,
    history,
    absence: a
      ? {
          firstSickDay: str(a.firstSickDay), week: num(a.week), nextMilestone: oneOf(MILESTONES, a.nextMilestone),
          milestoneWeek: num(a.milestoneWeek), percentage: num(a.percentage), report: toSickReport(a.report),
          steps: (a.steps ?? []).map(toStep), status: oneOf(STEP_STATUSES, a.status),
        }
      : null,
    employmentEnded: d.employmentEnded === true,
  };
}

export async function dossier(employeeId: string): Promise<DossierView> {
  return toDossier(await call(() => Sharing.Dossier(employeeId)));
}

/** share: field errors under careQuestion, explanation and until; already_shared. */
export async function share(employeeId: string, form: ShareForm): Promise<DossierView> {
  const f = new app.ShareForm({ careQuestion: form.careQuestion, explanation: form.explanation, until: form.until.trim() });
  return toDossier(await call(() => Sharing.Share(employeeId, f)));
}

/** revokeShare: field error under reason; case_content once the arbo service holds case content. */
export async function revokeShare(employeeId: string, reason: string): Promise<DossierView> {
  return toDossier(await call(() => Sharing.Revoke(employeeId, reason)));
}

/** reportSick: not_shared, absence_open, field errors under the report's keys (careAddress.postcode). */
export async function reportSick(employeeId: string, report: SickReport): Promise<DossierView> {
  return toDossier(await call(() => Sharing.ReportSick(employeeId, reportPayload(report))));
}

/** changeAbsence: as reportSick, plus percentage (1..100); no_absence. */
export async function changeAbsence(employeeId: string, report: SickReport, percentage: number): Promise<DossierView> {
  return toDossier(await call(() => Sharing.ChangeAbsence(employeeId, reportPayload(report), percentage)));
}

/** reportRecovery: the first day back, dd-mm-jjjj; field recovered; no_absence, not_shared. */
export async function reportRecovery(employeeId: string, day: string): Promise<DossierView> {
  return toDossier(await call(() => Sharing.ReportRecovery(employeeId, day.trim())));
}

/** markStepDone: a Poortwachter step of the open absence done on day (dd-mm-jjjj); fields step and done; no_absence. */
export async function markStepDone(employeeId: string, step: Milestone, day: string): Promise<DossierView> {
  return toDossier(await call(() => Sharing.MarkStepDone(employeeId, step, day.trim())));
}

/**
 * SIVI codes as the 2022 schemas enumerate them (internal/sivi: ContactRoles, ContactChannels,
 * ProcessingCodes, CauseCodes). Their meanings are in SIVI's release documentation; Kluis shows
 * only the code and never picks one for the user.
 */
export const SIVI_CONTACT_ROLES = ['01', '02', '03', '04', '05'] as const;
export const SIVI_CONTACT_CHANNELS = ['06', '08', '10'] as const;
export const SIVI_PROCESSING_CODES = ['01', '02', '03', '04', '05'] as const;
export const SIVI_CAUSE_CODES = ['10', '11', '99'] as const;
/** The employee's gender as Kluis records it (M, V, X, O): only used when the record has none. */
export const SIVI_GENDERS = ['M', 'V', 'X', 'O'] as const;

/**
 * SiviForm is "SIVI-bestanden opslaan" (app.SIVIForm): the values the SIVI 2022 schemas require
 * and Kluis does not keep. Nothing of it is stored, on either side.
 */
export interface SiviForm {
  senderId: string;
  receiverId: string;
  arboEmployerId: string;
  connectionNumber: string;
  /** Loonheffingennummer. */
  payrollTaxNumber: string;
  contactSurname: string;
  contactInitials: string;
  /** One of SIVI_CONTACT_ROLES. */
  contactRole: string;
  /** One of SIVI_CONTACT_CHANNELS. */
  contactChannel: string;
  contactValue: string;
  /** Only used when the employee's record has no gender. */
  gender: string;
  /** Only used when the record has neither initials nor official first names. */
  initials: string;
  /** Verzuimmeldingen only: one of SIVI_PROCESSING_CODES. */
  processingCode: string;
  /** Verzuimmeldingen only: one of SIVI_CAUSE_CODES. */
  causeCode: string;
}

/**
 * The field code (internal/sivi Field*) the backend names each form value by in a
 * sivi_incomplete error. Any other code there is a value from the employee's record.
 */
export const SIVI_FIELD_CODES = {
  senderId: 'exchange.senderId',
  receiverId: 'exchange.receiverId',
  arboEmployerId: 'exchange.employerId',
  connectionNumber: 'exchange.connectionNumber',
  payrollTaxNumber: 'exchange.payrollTaxNumber',
  contactSurname: 'contact.surname',
  contactInitials: 'contact.initials',
  contactRole: 'contact.role',
  contactChannel: 'contact.channel',
  contactValue: 'contact.value',
  gender: 'employee.gender',
  initials: 'employee.initials',
  processingCode: 'absence.processingCode',
  causeCode: 'absence.causeCode',
} as const satisfies Record<keyof SiviForm, string>;

/** The field codes of values that come from the record, not the form, in the order shown. */
export const SIVI_RECORD_FIELDS = [
  'employer.name',
  'employer.kvk',
  'employee.id',
  'employee.bsn',
  'employee.birthDate',
  'employee.surname',
  'employee.prefix',
  'employee.firstName',
  'employee.partnerSurname',
  'employee.partnerPrefix',
  'employee.nameUsage',
  'employee.address',
  'employment',
  'employment.department',
  'employment.persnr',
  'absence.careAddress',
  'absence.firstSickDay',
  'absence.recovered',
  'absence.percentage',
  'absence.caseId',
  'reference',
] as const;
export type SiviRecordField = (typeof SIVI_RECORD_FIELDS)[number];

/** SiviSaved says where the files went; folder '' means the user cancelled the save dialog. */
export interface SiviSaved {
  folder: string;
  files: string[];
}

export function emptySiviForm(): SiviForm {
  return {
    senderId: '', receiverId: '', arboEmployerId: '', connectionNumber: '', payrollTaxNumber: '',
    contactSurname: '', contactInitials: '', contactRole: '', contactChannel: '', contactValue: '',
    gender: '', initials: '', processingCode: '', causeCode: '',
  };
}

/** toSiviSaved narrows the backend's SIVISaved: no folder means cancelled, and then no files. */
export function toSiviSaved(v: unknown): SiviSaved {
  const r = isRecord(v) ? v : {};
  const folder = str(r.folder);
  const files = folder !== '' && Array.isArray(r.files) ? r.files.filter((f): f is string => typeof f === 'string') : [];
  return { folder, files };
}

/**
 * saveSivi asks where to save (the save dialog) and writes the SIVI 2022 files of a shared
 * employee there. Resolves with folder '' when the user cancelled. Rejects with
 * sivi_incomplete (fields under the SIVI_FIELD_CODES and record codes), not_shared.
 */
export async function saveSivi(employeeId: string, form: SiviForm): Promise<SiviSaved> {
  const f = new app.SIVIForm({
    senderId: form.senderId.trim(),
    receiverId: form.receiverId.trim(),
    arboEmployerId: form.arboEmployerId.trim(),
    connectionNumber: form.connectionNumber.trim(),
    payrollTaxNumber: form.payrollTaxNumber.trim(),
    contactSurname: form.contactSurname.trim(),
    contactInitials: form.contactInitials.trim(),
    contactRole: form.contactRole,
    contactChannel: form.contactChannel,
    contactValue: form.contactValue.trim(),
    gender: form.gender,
    initials: form.initials.trim(),
    processingCode: form.processingCode,
    causeCode: form.causeCode,
  });
  return toSiviSaved(await call(() => Sharing.SaveSIVI(employeeId, f)));
}
