import type { Status } from '../../lib/api';

/**
 * auditProblemOf is the audit log damage the banner shows: Status.auditProblem for an unlocked
 * admin, '' for anyone else (the backend sends it to admins only; the UI checks too).
 */
export function auditProblemOf(status: Status | null): string {
  if (!status || status.state !== 'unlocked' || status.user?.role !== 'admin') return '';
  return status.auditProblem?.trim() ?? '';
}
