import * as api from '../../lib/api';
import type { AppError, EmployerInfo } from '../../lib/api';
import * as agreementApi from '../../lib/api/agreement';
import type { AgreementView, MailSettings, MailSettingsForm, Signatory, SignatoryForm } from '../../lib/api/agreement';
import { isEmail, isKvk, required, type FieldErrors } from '../../lib/validation';
import { displayToIso, isoToDisplay } from '../people/dates';

/** Codes of the errors that come with technical details worth showing (the SMTP step and reply code). */
const MAIL_ERRORS = new Set(['mail_failed', 'mail_tls_failed', 'mail_auth_failed']);

/** mailDetail is the backend's technical text of a mail error, or '' for other errors. */
export function mailDetail(err: AppError | null): string {
  return err && MAIL_ERRORS.has(err.code) ? err.message : '';
}

/** dateTimeText shows an RFC 3339 time as dd-mm-jjjj hh:mm in the PC's time zone; '' when unreadable. */
export function dateTimeText(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (rfc3339 === '' || Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function blank(): SignatoryForm {
  return { name: '', function: '', basis: '', coSignatory: '', powerLimits: '', kvk: '', extractDate: '', email: '' };
}

/** The form's values for a recorded signatory (the date as dd-mm-jjjj), or an empty form with the employer's KvK number. */
function formFor(current: Signatory | null, employerKvk: string): SignatoryForm {
  if (!current) return { ...blank(), kvk: employerKvk };
  return { ...current, extractDate: isoToDisplay(current.extractDate) };
}

const FIELDS = ['name', 'function', 'basis', 'coSignatory', 'powerLimits', 'kvk', 'extractDate', 'email'] as const;

function sameForm(a: SignatoryForm, b: SignatoryForm): boolean {
  return FIELDS.every((f) => a[f].trim() === b[f].trim());
}

/** extractIso reads a date as the backend does (dd-mm-jjjj, jjjj-mm-dd, jjjjmmdd): jjjj-mm-dd, or null when it is none. */
export function extractIso(value: string): string | null {
  const s = value.trim();
  let y: number, m: number, d: number;
  let r: RegExpExecArray | null;
  if ((r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)) || (r = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) {
    [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  } else if ((r = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(s))) {
    [d, m, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
  } else return null;
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${y}-${pad(m)}-${pad(d)}`;
}

function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * SignatoryEditor is the "Gerechtigde" form: what is typed, its field errors, and whether it
 * differs from what is stored. The checks mirror internal/agreement; the backend stays the
 * authority and its field codes land in the same place.
 */
export class SignatoryEditor {
  values = $state<SignatoryForm>(blank());
  errors = $state<FieldErrors>({});
  #stored = $state<SignatoryForm>(blank());
  readonly dirty = $derived(!sameForm(this.values, this.#stored));

  /** reset shows a stored signatory (or an empty form) and forgets errors. */
  reset(current: Signatory | null, employerKvk: string): void {
    const v = formFor(current, employerKvk);
    this.values = { ...v };
    this.#stored = current ? { ...v } : blank();
    this.errors = {};
  }

  /** check fills errors with what can be seen without the backend; true when there is nothing. */
  check(): boolean {
    const e: FieldErrors = {};
    const v = this.values;
    required(e, 'name', v.name);
    required(e, 'function', v.function);
    if (v.basis === '') e['basis'] = 'required';
    if (v.basis === 'jointly') required(e, 'coSignatory', v.coSignatory);
    if (v.basis === 'power_of_attorney') required(e, 'powerLimits', v.powerLimits);
    if (required(e, 'kvk', v.kvk) && !isKvk(v.kvk.replace(/[ .]/g, ''))) e['kvk'] = 'kvk_format';
    if (required(e, 'extractDate', v.extractDate)) {
      // The date rules too, so that every error shows at once rather than after the backend's turn.
      const iso = extractIso(v.extractDate);
      if (iso === null) e['extractDate'] = 'date_format';
      else if (iso > todayIso()) e['extractDate'] = 'date_future';
    }
    if (required(e, 'email', v.email) && !isEmail(v.email)) e['email'] = 'email_format';
    this.errors = e;
    return Object.keys(e).length === 0;
  }

  /** form is what Save sends: only the field of the chosen basis, the date as jjjj-mm-dd where it reads as one. */
  form(): SignatoryForm {
    const v = this.values;
    return {
      ...v,
      coSignatory: v.basis === 'jointly' ? v.coSignatory : '',
      powerLimits: v.basis === 'power_of_attorney' ? v.powerLimits : '',
      extractDate: displayToIso(v.extractDate),
    };
  }
}

/** What the send dialog needs to know. */
export interface SendTarget {
  employerId: string;
  /** The signatory's address. */
  email: string;
  /** The SMTP server, for the dialog's text. */
  host: string;
  /** The SMTP user name, for the dialog's text. */
  user: string;
  /** The server wants a user name and password. */
  askPassword: boolean;
}

/**
 * SendDialog is "Bevestiging versturen": the SMTP password (when the server wants one), typed
 * for this send only and dropped when the dialog closes or the server refuses it.
 */
export class SendDialog {
  password = $state('');
  busy = $state(false);
  error = $state<AppError | null>(null);

  constructor(
    readonly target: SendTarget,
    private readonly onSent: (v: AgreementView) => void,
  ) {}

  /** needsPassword: the server wants a user name, so the dialog asks for the password. */
  get needsPassword(): boolean {
    return this.target.askPassword;
  }

  async confirm(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.busy = true;
    try {
      const v = await agreementApi.sendConfirmation(this.target.employerId, this.needsPassword ? this.password : '');
      this.password = '';
      this.onSent(v);
    } catch (e) {
      const err = api.toAppError(e);
      if (err.code === 'mail_auth_failed') this.password = '';
      this.error = err;
    } finally {
      this.busy = false;
    }
  }

  clear(): void {
    this.password = '';
  }
}

function emptyMail(): MailSettingsForm {
  return { host: '', port: '587', startTLS: true, user: '', from: '' };
}

function mailForm(m: MailSettings): MailSettingsForm {
  return { host: m.host, port: String(m.port || ''), startTLS: m.startTLS, user: m.user, from: m.from };
}

/** MailSettingsEditor is the collapsible "E-mailinstellingen (SMTP)" form. */
export class MailSettingsEditor {
  values = $state<MailSettingsForm>(emptyMail());
  /** What is stored (null until loaded, or when nothing is set up). */
  stored = $state<MailSettings | null>(null);
  errors = $state<FieldErrors>({});
  error = $state<AppError | null>(null);
  notice = $state<'saved' | 'removed' | null>(null);
  busy = $state(false);
  loaded = $state(false);

  constructor(private readonly onSaved: () => void) {}

  async load(): Promise<void> {
    try {
      const m = await agreementApi.mailSettings();
      this.stored = m.configured ? m : null;
      if (m.configured) this.values = mailForm(m);
      this.error = null;
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.loaded = true;
    }
  }

  async save(): Promise<void> {
    if (this.busy) return;
    this.notice = null;
    this.error = null;
    const v = this.values;
    const e: FieldErrors = {};
    if (v.host.trim() !== '') {
      const port = v.port.trim();
      if (port === '') e['port'] = 'required';
      else if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) e['port'] = 'port_range';
      if (v.user.trim() !== '' && !v.startTLS) e['startTLS'] = 'starttls_required';
      if (v.from.trim() !== '' && !isEmail(v.from)) e['from'] = 'email_format';
    }
    this.errors = e;
    if (Object.keys(e).length > 0) return;
    this.busy = true;
    try {
      const m = await agreementApi.saveMailSettings({ ...v });
      this.stored = m.configured ? m : null;
      this.values = m.configured ? mailForm(m) : emptyMail();
      this.notice = m.configured ? 'saved' : 'removed';
      this.onSaved();
    } catch (e) {
      const err = api.toAppError(e);
      if (err.code === 'invalid_input' && Object.keys(err.fields).length > 0) this.errors = { ...err.fields };
      else this.error = err;
    } finally {
      this.busy = false;
    }
  }
}

/** What the panel last did successfully, for the notice under the actions. */
export type Notice =
  | { kind: 'saved' | 'unchanged' }
  | { kind: 'sent'; email: string }
  | { kind: 'eml' | 'pdf'; path: string };

/**
 * AgreementPanel is the whole Verwerkersovereenkomst tab: the employer choice, the signatory
 * form, the confirmation actions, the history and the mail settings.
 */
export class AgreementPanel {
  employers = $state<EmployerInfo[]>([]);
  employerId = $state('');
  view = $state<AgreementView | null>(null);
  loaded = $state(false);
  loading = $state(false);
  loadError = $state<AppError | null>(null);

  readonly editor = new SignatoryEditor();
  saving = $state(false);
  saveError = $state<AppError | null>(null);
  /** Notice of the signatory form (saved, unchanged). */
  formNotice = $state<Notice | null>(null);

  /** The running file action, if any. */
  busy = $state<'eml' | 'pdf' | null>(null);
  actionError = $state<AppError | null>(null);
  /** Notice of the confirmation actions (sent, eml, pdf). */
  actionNotice = $state<Notice | null>(null);
  send = $state<SendDialog | null>(null);

  readonly mail = new MailSettingsEditor(() => void this.refresh());

  /** load lists the employers and opens the first (or the one already chosen). */
  async load(): Promise<void> {
    this.loading = true;
    this.loadError = null;
    try {
      this.employers = await api.employers();
      const keep = this.employers.some((e) => e.id === this.employerId);
      const id = keep ? this.employerId : (this.employers[0]?.id ?? '');
      if (id !== '') await this.#open(id);
    } catch (e) {
      this.loadError = api.toAppError(e);
    } finally {
      this.loading = false;
      this.loaded = true;
    }
    if (!this.mail.loaded) void this.mail.load();
  }

  /** select switches to another employer; unsaved edits of the form are dropped. */
  async select(id: string): Promise<void> {
    if (id === this.employerId && this.view) return;
    this.loading = true;
    this.loadError = null;
    try {
      await this.#open(id);
    } catch (e) {
      this.loadError = api.toAppError(e);
    } finally {
      this.loading = false;
    }
  }

  async #open(id: string): Promise<void> {
    this.employerId = id;
    const v = await agreementApi.agreement(id);
    this.#show(v);
    this.formNotice = null;
    this.actionNotice = null;
    this.saveError = null;
    this.actionError = null;
  }

  #show(v: AgreementView): void {
    this.view = v;
    this.editor.reset(v.current, v.employerKvk);
  }

  /** refresh re-reads the record (after the mail settings changed) without touching the form. */
  async refresh(): Promise<void> {
    if (this.employerId === '') return;
    try {
      const v = await agreementApi.agreement(this.employerId);
      this.view = v;
    } catch (e) {
      this.actionError = api.toAppError(e);
    }
  }

  async save(): Promise<void> {
    if (this.saving || this.employerId === '') return;
    this.formNotice = null;
    this.saveError = null;
    if (!this.editor.check()) return;
    this.saving = true;
    try {
      const before = this.view?.history.length ?? 0;
      const v = await agreementApi.saveSignatory(this.employerId, this.editor.form());
      this.#show(v);
      this.formNotice = { kind: v.history.length > before ? 'saved' : 'unchanged' };
    } catch (e) {
      const err = api.toAppError(e);
      if (err.code === 'invalid_input' && Object.keys(err.fields).length > 0) this.editor.errors = { ...err.fields };
      else this.saveError = err;
    } finally {
      this.saving = false;
    }
  }

  /** undo puts the stored signatory back in the form. */
  undo(): void {
    if (this.view) this.editor.reset(this.view.current, this.view.employerKvk);
    this.formNotice = null;
    this.saveError = null;
  }

  /** canConfirm: a signatory is stored and the form holds nothing unsaved. */
  get canConfirm(): boolean {
    return !!this.view?.current && !this.editor.dirty;
  }

  openSend(): void {
    const v = this.view;
    if (!v?.current || !v.mailConfigured || !this.canConfirm) return;
    this.actionNotice = null;
    this.actionError = null;
    const m = this.mail.stored;
    const target: SendTarget = {
      employerId: v.employerId, email: v.current.email, host: m?.host ?? '', user: m?.user ?? '', askPassword: v.mailUser,
    };
    this.send = new SendDialog(target, (sent) => {
      this.closeSend();
      this.view = sent;
      this.actionNotice = { kind: 'sent', email: sent.current?.email ?? '' };
    });
  }

  closeSend(): void {
    this.send?.clear();
    this.send = null;
  }

  async saveEml(): Promise<void> {
    await this.#file('eml', () => agreementApi.saveConfirmationEml(this.employerId));
  }

  async savePdf(): Promise<void> {
    await this.#file('pdf', () => agreementApi.saveAgreementPdf(this.employerId));
  }

  async #file(kind: 'eml' | 'pdf', run: () => Promise<string>): Promise<void> {
    if (this.busy || !this.canConfirm) return;
    this.actionNotice = null;
    this.actionError = null;
    this.busy = kind;
    try {
      const path = await run();
      if (path === '') return; // the save dialog was cancelled
      this.actionNotice = { kind, path };
      if (kind === 'eml') await this.refresh();
    } catch (e) {
      this.actionError = api.toAppError(e);
    } finally {
      this.busy = null;
    }
  }
}
