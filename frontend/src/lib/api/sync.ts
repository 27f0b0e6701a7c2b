import * as Sync from '../../../wailsjs/go/app/Sync';
import { call } from './call';

/**
 * The synchronisation with the arbo service (app/sync.go): Beheer → Arbodienst (enrolment), the
 * Synchronisatie page and the status dot on Actueel.
 */

/**
 * The codes of SyncStatus.lastError, in app.SyncErrors' order; app/contract_test.go fails when
 * the two lists differ or a code has no sync.error.<code> text.
 */
export const SYNC_ERRORS = ['not_linked', 'offline', 'certificate', 'refused', 'service_error', 'audit_regressed', 'failed'] as const;
export type SyncError = (typeof SYNC_ERRORS)[number];

/** The arbo service's support, as it gave it at enrolment. */
export interface Helpdesk {
  name: string;
  email: string;
  phone: string;
  hours: string;
}

export interface SyncStatus {
  linked: boolean;
  serviceName: string;
  url: string;
  employerId: string;
  /** "AA:BB:…" when the certificate is pinned, else ''. */
  fingerprint: string;
  helpdesk: Helpdesk;
  /** RFC 3339 or '': when the vault was linked with the arbo service. */
  linkedAt: string;
  /** RFC 3339 or ''. */
  lastAttempt: string;
  /** RFC 3339 or ''. */
  lastSuccess: string;
  /** A SYNC_ERRORS code, '' after a success (and for a code this build does not know: 'failed'). */
  lastError: SyncError | '';
  /** Messages waiting to be sent (the user's departments). */
  pending: number;
  /** Messages the arbo service refused, in all. */
  rejected: number;
  /** Linked, and nothing could be sent for 24 hours. */
  stale: boolean;
  /** Retrievals by the arbo service this month; -1 for anyone but an admin. */
  retrievalsThisMonth: number;
  running: boolean;
}

/** What one "Nu synchroniseren" did. */
export interface SyncReport {
  sent: number;
  rejected: number;
  retrievals: number;
  ended: number;
  waiting: number;
  status: SyncStatus;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function oneOf<T extends string>(list: readonly T[], v: unknown): T | '' {
  return typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : '';
}

/** toSyncError keeps a known code; an unknown non-empty one reads as 'failed', never as "no error". */
function toSyncError(v: unknown): SyncError | '' {
  if (typeof v !== 'string' || v === '') return '';
  return oneOf(SYNC_ERRORS, v) || 'failed';
}

/** toSyncStatus narrows the backend's SyncStatus (a call's answer or the sync:status payload). */
export function toSyncStatus(v: unknown): SyncStatus {
  const s = isRecord(v) ? v : {};
  const h = isRecord(s.helpdesk) ? s.helpdesk : {};
  const retrievals = s.retrievalsThisMonth;
  return {
    linked: s.linked === true,
    serviceName: str(s.serviceName),
    url: str(s.url),
    employerId: str(s.employerId),
    fingerprint: str(s.fingerprint),
    helpdesk: { name: str(h.name), email: str(h.email), phone: str(h.phone), hours: str(h.hours) },
    linkedAt: str(s.linkedAt),
    lastAttempt: str(s.lastAttempt),
    lastSuccess: str(s.lastSuccess),
    lastError: toSyncError(s.lastError),
    pending: count(s.pending),
    rejected: count(s.rejected),
    stale: s.stale === true,
    retrievalsThisMonth: typeof retrievals === 'number' && Number.isFinite(retrievals) && retrievals >= 0 ? Math.floor(retrievals) : -1,
    running: s.running === true,
  };
}

export function toSyncReport(v: unknown): SyncReport {
  const r = isRecord(v) ? v : {};
  return {
    sent: count(r.sent),
    rejected: count(r.rejected),
    retrievals: count(r.retrievals),
    ended: count(r.ended),
    waiting: count(r.waiting),
    status: toSyncStatus(r.status),
  };
}

export async function syncStatus(): Promise<SyncStatus> {
  return toSyncStatus(await call(() => Sync.Status()));
}

/**
 * enrol links the vault with an arbo service (admins): service_url, enrol_code,
 * service_offline, service_certificate, service_error, denied.
 */
export async function enrol(url: string, code: string, fingerprint: string): Promise<SyncStatus> {
  return toSyncStatus(await call(() => Sync.Enrol(url.trim(), code.trim(), fingerprint.trim())));
}

/** syncNow runs one cycle; progress arrives as sync:progress, the new status as sync:status. */
export async function syncNow(): Promise<SyncReport> {
  return toSyncReport(await call(() => Sync.SyncNow()));
}
