import * as Support from '../../../wailsjs/go/app/Support';
import { call } from './call';

/** The Ondersteuning page (app/support.go): the arbo service's helpdesk and the support block. */

export type HelpdeskSource = 'none' | 'service' | 'own';

export interface HelpdeskContact {
  name: string;
  email: string;
  phone: string;
  hours: string;
}

export interface HelpdeskView extends HelpdeskContact {
  /** none: nobody gave one; service: given at enrolment; own: recorded by an admin (it wins). */
  source: HelpdeskSource;
  /** What the arbo service gave at enrolment (empty fields when nothing). */
  service: HelpdeskContact;
  serviceName: string;
  linked: boolean;
  /** The user is an admin, who may record or correct it. */
  canEdit: boolean;
}

/** The helpdesk form; all fields empty removes the recorded helpdesk. Field errors under these names. */
export type HelpdeskForm = HelpdeskContact;

export interface SupportInfo {
  /** The plain text "Kopieer gegevens voor support" copies; names nobody. */
  text: string;
  version: string;
  vaultPath: string;
  logPath: string;
  vaultFormat: number;
  /** -1 when unknown. */
  vaultBytes: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown, dflt = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const SOURCES: readonly HelpdeskSource[] = ['none', 'service', 'own'];

function toContact(x: unknown): HelpdeskContact {
  const r = obj(x);
  return { name: str(r.name), email: str(r.email), phone: str(r.phone), hours: str(r.hours) };
}

export function toHelpdeskView(x: unknown): HelpdeskView {
  const r = obj(x);
  const source = SOURCES.includes(r.source as HelpdeskSource) ? (r.source as HelpdeskSource) : 'none';
  return {
    ...toContact(r), source, service: toContact(r.service), serviceName: str(r.serviceName),
    linked: r.linked === true, canEdit: r.canEdit === true,
  };
}

export function toSupportInfo(x: unknown): SupportInfo {
  const r = obj(x);
  return {
    text: str(r.text), version: str(r.version), vaultPath: str(r.vaultPath), logPath: str(r.logPath),
    vaultFormat: num(r.vaultFormat), vaultBytes: num(r.vaultBytes, -1),
  };
}

export async function helpdesk(): Promise<HelpdeskView> {
  return toHelpdeskView(await call(() => Support.Helpdesk()));
}

export async function saveHelpdesk(form: HelpdeskForm): Promise<HelpdeskView> {
  return toHelpdeskView(await call(() => Support.SaveHelpdesk({ ...form })));
}

export async function supportInfo(): Promise<SupportInfo> {
  return toSupportInfo(await call(() => Support.Info()));
}
