import * as Logbook from '../../../wailsjs/go/app/Logbook';
import { app } from '../../../wailsjs/go/models';
import { call } from './call';

/** The Logboek (app/logbook.go): the audit log for admins and privacy officers. */

export interface LogQuery {
  /** A user id, or '' for everyone. */
  user: string;
  persnr: string;
  /** Action codes; empty: every action. */
  actions: string[];
  /** jjjj-mm-dd, both inclusive; '' open. */
  from: string;
  to: string;
  /** Continue after a page: its `next`; 0 from the newest. */
  before: number;
  limit: number;
}

export interface LogSubject {
  kind: 'employee' | 'user' | 'employer' | 'department' | 'other';
  persnr: string;
  department: string;
  /** "Anoniem (Persnr …)", an employee's name when `named`, or a user's or employer's name. */
  label: string;
  named: boolean;
}

export interface LogRow {
  seq: number;
  /** RFC 3339. */
  at: string;
  user: string;
  userName: string;
  action: string;
  detail: string;
  count: number;
  subjects: LogSubject[];
  /** Another PC's label (8 hex digits of its random device id) when the event is from its log; '' for this PC. */
  device: string;
}

export interface LogPage {
  rows: LogRow[];
  /** The `before` of the next page; 0 at the end of the log. */
  next: number;
  scanned: number;
  unreadable: number;
}

export interface LogUser {
  id: string;
  name: string;
  email: string;
}

export interface LogStatus {
  head: number;
  checked: number;
  /** RFC 3339 or '' (never checked by an admin). */
  checkedAt: string;
  /** What the unlock found wrong (English), or ''. */
  issue: string;
  /** Other PCs whose announced audit entries did not arrive here: their part of the log is incomplete. */
  gaps: LogGap[];
}

export interface LogGap {
  /** "PC XXXX-XX": a random label. */
  device: string;
  missing: number;
  /** RFC 3339: since when. */
  since: string;
}

export interface LogCheck {
  entries: number;
  problems: string[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const KINDS: readonly LogSubject['kind'][] = ['employee', 'user', 'employer', 'department', 'other'];

function toSubject(s: unknown): LogSubject {
  const r = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
  const kind = KINDS.includes(r.kind as LogSubject['kind']) ? (r.kind as LogSubject['kind']) : 'other';
  return { kind, persnr: str(r.persnr), department: str(r.department), label: str(r.label), named: r.named === true };
}

export function toLogRow(x: unknown): LogRow {
  const r = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
  return {
    seq: num(r.seq), at: str(r.at), user: str(r.user), userName: str(r.userName), action: str(r.action),
    detail: str(r.detail), count: num(r.count), subjects: Array.isArray(r.subjects) ? r.subjects.map(toSubject) : [],
    device: str(r.device),
  };
}

export async function logPage(q: LogQuery): Promise<LogPage> {
  const p = await call(() => Logbook.Page(app.LogQuery.createFrom(q)));
  return { rows: (p.rows ?? []).map(toLogRow), next: num(p.next), scanned: num(p.scanned), unreadable: num(p.unreadable) };
}

export async function logUsers(): Promise<LogUser[]> {
  const list = await call(() => Logbook.Users());
  return (list ?? []).map((u) => ({ id: str(u.id), name: str(u.name), email: str(u.email) }));
}

export async function logStatus(): Promise<LogStatus> {
  const s = await call(() => Logbook.Status());
  const gaps = (s.gaps ?? []).map((g) => ({ device: str(g.device), missing: num(g.missing), since: str(g.since) }));
  return { head: num(s.head), checked: num(s.checked), checkedAt: str(s.checkedAt), issue: str(s.issue), gaps };
}

export async function checkLog(): Promise<LogCheck> {
  const c = await call(() => Logbook.Verify());
  return { entries: num(c.entries), problems: (c.problems ?? []).map(str) };
}

/** exportLog asks where to save and writes the extract; it returns the path, '' when cancelled. */
export async function exportLog(q: LogQuery, format: 'csv' | 'pdf', lang: string): Promise<string> {
  const query = app.LogQuery.createFrom(q);
  return format === 'csv' ? call(() => Logbook.ExportCSV(query, lang)) : call(() => Logbook.ExportPDF(query, lang));
}
