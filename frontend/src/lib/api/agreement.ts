import * as Agreement from '../../../wailsjs/go/app/Agreement';
import { app } from '../../../wailsjs/go/models';
import { call } from './call';

/**
 * The processor agreement (Beheer → Verwerkersovereenkomst, app/agreement.go; admins only): per
 * employer the signatory with history, the SMTP settings, and the confirmation to the signatory.
 */

export type Basis = 'alone' | 'jointly' | 'power_of_attorney';

/** The bases in the order the form offers them. */
export const BASES: readonly Basis[] = ['alone', 'jointly', 'power_of_attorney'];

export function isBasis(v: string): v is Basis {
  return (BASES as readonly string[]).includes(v);
}

/** The signatory as the form sends it; field errors come back under these names. */
export interface SignatoryForm {
  name: string;
  function: string;
  basis: Basis | '';
  /** Only for 'jointly'. */
  coSignatory: string;
  /** Only for 'power_of_attorney'; may hold line breaks. */
  powerLimits: string;
  kvk: string;
  /** jjjj-mm-dd or dd-mm-jjjj. */
  extractDate: string;
  email: string;
}

/** A recorded signatory; extractDate is jjjj-mm-dd. */
export type Signatory = SignatoryForm;

export interface AgreementChange {
  /** 1 for the first version. */
  version: number;
  /** RFC 3339. */
  at: string;
  /** The admin's name; '' when unknown. */
  by: string;
  signatory: Signatory;
}

export type Via = 'smtp' | 'eml';

export interface AgreementConfirmation {
  at: string;
  by: string;
  via: Via;
  /** The version it confirmed. */
  version: number;
}

export interface AgreementView {
  employerId: string;
  employerName: string;
  employerKvk: string;
  /** null while no signatory is recorded. */
  current: Signatory | null;
  /** Newest first. */
  history: AgreementChange[];
  /** Newest first. */
  sent: AgreementConfirmation[];
  /** The current version was confirmed to the signatory. */
  confirmed: boolean;
  /** An SMTP server is set up, so "Bevestiging versturen" can send. */
  mailConfigured: boolean;
  /** The SMTP server wants a user name and password. */
  mailUser: boolean;
}

export interface MailSettingsForm {
  /** '' removes the settings. */
  host: string;
  port: string;
  startTLS: boolean;
  user: string;
  /** '' sends from the admin's own address. */
  from: string;
}

export interface MailSettings {
  host: string;
  port: number;
  startTLS: boolean;
  user: string;
  from: string;
  configured: boolean;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function toSignatory(s: app.SignatoryView | undefined | null): Signatory | null {
  if (!s) return null;
  const basis = str(s.basis);
  return {
    name: str(s.name),
    function: str(s.function),
    basis: isBasis(basis) ? basis : '',
    coSignatory: str(s.coSignatory),
    powerLimits: str(s.powerLimits),
    kvk: str(s.kvk),
    extractDate: str(s.extractDate),
    email: str(s.email),
  };
}

const emptySignatory: Signatory = {
  name: '', function: '', basis: '', coSignatory: '', powerLimits: '', kvk: '', extractDate: '', email: '',
};

function toView(v: app.AgreementView): AgreementView {
  return {
    employerId: str(v.employerId),
    employerName: str(v.employerName),
    employerKvk: str(v.employerKvk),
    current: toSignatory(v.current),
    history: (v.history ?? []).map((h) => ({
      version: num(h.version), at: str(h.at), by: str(h.by), signatory: toSignatory(h.signatory) ?? { ...emptySignatory },
    })),
    sent: (v.sent ?? []).map((c) => ({
      at: str(c.at), by: str(c.by), via: c.via === 'smtp' ? 'smtp' : 'eml', version: num(c.version),
    })),
    confirmed: v.confirmed === true,
    mailConfigured: v.mailConfigured === true,
    mailUser: v.mailUser === true,
  };
}

function toMail(m: app.MailSettingsView): MailSettings {
  return {
    host: str(m.host), port: num(m.port), startTLS: m.startTLS === true, user: str(m.user), from: str(m.from),
    configured: m.configured === true,
  };
}

/** agreement reads an employer's record. */
export async function agreement(employerId: string): Promise<AgreementView> {
  return toView(await call(() => Agreement.Get(employerId)));
}

/** saveSignatory records the signatory; an unchanged one adds no version. Field errors under SignatoryForm's names. */
export async function saveSignatory(employerId: string, form: SignatoryForm): Promise<AgreementView> {
  return toView(await call(() => Agreement.Save(employerId, app.SignatoryForm.createFrom(form))));
}

export async function mailSettings(): Promise<MailSettings> {
  return toMail(await call(() => Agreement.MailSettings()));
}

/** saveMailSettings stores the SMTP settings; field errors under host, port, startTLS, user, from. */
export async function saveMailSettings(form: MailSettingsForm): Promise<MailSettings> {
  return toMail(await call(() => Agreement.SaveMailSettings(app.MailSettingsForm.createFrom(form))));
}

/** sendConfirmation mails the confirmation through SMTP; the password is used once and never stored. */
export async function sendConfirmation(employerId: string, smtpPassword: string): Promise<AgreementView> {
  return toView(await call(() => Agreement.Send(employerId, smtpPassword)));
}

/** saveConfirmationEml asks where to save the confirmation as an .eml file; '' means cancelled. */
export async function saveConfirmationEml(employerId: string): Promise<string> {
  return str(await call(() => Agreement.SaveEml(employerId)));
}

/** saveAgreementPdf asks where to save the record as a PDF; '' means cancelled. */
export async function saveAgreementPdf(employerId: string): Promise<string> {
  return str(await call(() => Agreement.SavePDF(employerId)));
}
