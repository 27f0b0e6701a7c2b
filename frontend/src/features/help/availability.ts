import type { Status } from '../../lib/api';
import type { MessageKey } from '../../lib/i18n';
import type { HelpTask } from './types';

export type Availability = { ok: true } | { ok: false; why: MessageKey };

/**
 * availability says whether the current session can do a task, and if not, why. It mirrors the
 * rights the backend enforces (the backend still decides): admin-only tasks say so, a locked-window
 * task (asking for access) is offered only while the vault is locked.
 */
export function availability(task: HelpTask, status: Status | null): Availability {
  const state = status?.state;
  if ('locked' in task.audience) {
    if (state === 'locked') return { ok: true };
    return { ok: false, why: state === 'unlocked' ? 'help.why.alreadyIn' : 'help.why.noVault' };
  }
  const role = status?.user?.role;
  if (state !== 'unlocked' || !role) return { ok: false, why: 'help.why.unlockFirst' };
  if (task.audience.roles.includes(role)) return { ok: true };
  const adminsOnly = task.audience.roles.length === 1 && task.audience.roles[0] === 'admin';
  return { ok: false, why: adminsOnly ? 'help.why.adminsOnly' : 'help.why.notForRole' };
}
