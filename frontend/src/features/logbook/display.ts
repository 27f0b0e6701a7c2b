import { has, t } from '../../lib/i18n';
import type { LogRow, LogStatus, LogCheck, LogSubject } from '../../lib/api';
import { formatNumber } from '../../lib/i18n';

/** The action codes the filter offers, in the order of the list. */
export const ACTIONS = [
  'identity.read',
  'identity.search',
  'identity.bsn_search',
  'employee.create',
  'employee.update',
  'employee.end',
  'employee.import',
  'employee.export',
  'employee.erase',
  'report.print',
  'share.create',
  'share.revoke',
  'share.ended',
  'share.retrieval',
  'absence.sick',
  'absence.recovery',
  'absence.change',
  'absence.step',
  'access.approve',
  'access.reject',
  'access.role',
  'access.revoke',
  'account.update',
  'account.email_approve',
  'account.email_reject',
  'employer.update',
  'vault.rotate',
  'department.move',
  'department.tree_signed',
  'unlock.failed',
  'agreement.update',
  'agreement.send',
  'agreement.print',
  'sync.run',
  'sync.enrol',
  'identity.name_index',
  'audit.export',
  'settings.helpdesk',
  'replicate.push',
  'replicate.pull',
  'device.invite',
  'device.join',
  'device.remove',
  'settings.replica',
  'identity.conflict',
] as const;

/** actionLabel names an action code; a code this window does not know yet is shown as itself. */
export function actionLabel(code: string): string {
  const key = `logbook.action.${code}`;
  return has(key) ? t(key) : code;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** dateTime writes an RFC 3339 time as dd-mm-jjjj hh:mm:ss in local time. */
export function dateTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (rfc3339 === '' || Number.isNaN(d.getTime())) return '';
  return `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function dateTimeShort(d: Date): string {
  return `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** subjectText names a subject: an employee by label and department, a user or employer by name. */
export function subjectText(s: LogSubject): string {
  if (s.kind !== 'employee') return s.label;
  const who = s.named ? `${s.label} (Persnr ${s.persnr})` : s.label;
  return s.department ? `${who}, ${s.department}` : who;
}

/** moreSubjects is "en 995 meer" when the row names fewer subjects than it counts. */
export function moreSubjects(r: LogRow): string {
  const more = r.count - r.subjects.length;
  return more > 0 && r.subjects.length > 0 ? t('logbook.andMore', { count: formatNumber(more) }) : '';
}

/** rowKey names a row: each PC numbers its own log, so another PC's entry may share a number with one of this PC's. */
export function rowKey(r: LogRow): string {
  return `${r.device}:${r.seq}`;
}

/** userText is the acting user's name, or their id's start when they have no profile. */
export function userText(r: LogRow): string {
  return r.userName || t('logbook.unknownUser', { id: r.user.slice(0, 8) });
}

/** statusLine is the chain status line: the check's result when one ran, else the head and the last admin check. */
export function statusLine(status: LogStatus | null, check: LogCheck | null, checkedAt: Date | null): string {
  if (check && check.problems.length > 0) return t('logbook.status.damaged', { problems: check.problems.join('; ') });
  if (status && status.issue) return t('logbook.status.damaged', { problems: status.issue });
  if (check && checkedAt) return t('logbook.status.intact', { count: formatNumber(check.entries), when: dateTimeShort(checkedAt) });
  if (!status) return '';
  const checked = status.checkedAt
    ? t('logbook.status.checkedAt', { when: dateTimeShort(new Date(status.checkedAt)) })
    : t('logbook.status.never');
  return t('logbook.status.head', { count: formatNumber(status.head), checked });
}

/** damaged tells whether the status line names damage. */
export function damaged(status: LogStatus | null, check: LogCheck | null): boolean {
  return (check?.problems.length ?? 0) > 0 || (status?.issue ?? '') !== '';
}

/** detailText is the detail, with the count of an event that names no subjects: "pdf (4)". */
export function detailText(r: LogRow): string {
  if (r.subjects.length > 0 || r.count === 0) return r.detail;
  const n = formatNumber(r.count);
  return r.detail ? `${r.detail} (${n})` : n;
}
