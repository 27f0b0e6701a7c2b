import { describe, expect, it } from 'vitest';
import type { Status } from '../../lib/api';
import { en } from '../../lib/i18n/en';
import { nl } from '../../lib/i18n/nl';
import { availability } from './availability';
import { TARGET_NAME } from './find-target';
import { HELP_TASKS } from './tasks';

function session(role: 'admin' | 'user' | 'manager' | 'privacy'): Status {
  return {
    state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
    user: { name: 'Petra', email: 'p@x.nl', role },
  };
}
const LOCKED: Status = { state: 'locked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false };
const NEW: Status = { ...LOCKED, state: 'new' };

describe('Help mij tasks are data', () => {
  it('lists the eight tasks of issue #18 once each, in the dialog order', () => {
    expect(HELP_TASKS.map((t) => t.id)).toEqual(['import', 'request', 'approve', 'share', 'sick', 'revoke', 'backup', 'arbo']);
  });

  it('rule: every task title, summary and step text is in the Dutch and the English catalogue', () => {
    const missing: string[] = [];
    for (const task of HELP_TASKS) {
      for (const key of [task.title, task.summary, ...task.steps.map((s) => s.text)]) {
        if (!nl[key]?.trim()) missing.push(`nl:${key}`);
        if (!en[key]?.trim()) missing.push(`en:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('rule: no two steps say the same thing, and every task has at least two steps', () => {
    const texts = HELP_TASKS.flatMap((t) => t.steps.map((s) => s.text));
    expect(new Set(texts).size).toBe(texts.length);
    for (const task of HELP_TASKS) expect(task.steps.length, task.id).toBeGreaterThanOrEqual(2);
  });

  it('rule: targets are data-help names (never CSS classes or text), and Beheer steps name a tab', () => {
    for (const task of HELP_TASKS) {
      for (const step of task.steps) {
        expect(step.target, `${task.id}: ${step.target}`).toMatch(TARGET_NAME);
        if ('page' in step.place && step.place.page === 'beheer' && step.target !== 'nav-beheer') {
          expect(step.place.tab, `${task.id}: ${step.target}`).toBeDefined();
        }
      }
    }
  });

  it('rule: a locked-window task has only locked-window steps, a window task only window steps', () => {
    for (const task of HELP_TASKS) {
      const locked = 'locked' in task.audience;
      for (const step of task.steps) expect('locked' in step.place, `${task.id}: ${step.target}`).toBe(locked);
    }
  });
});

describe('rule: only tasks the current role can do are offered', () => {
  const can = (id: string, s: Status | null) => availability(HELP_TASKS.find((t) => t.id === id)!, s);

  it('an admin can do every window task; asking for access is for the locked window', () => {
    for (const id of ['import', 'approve', 'share', 'sick', 'revoke', 'backup', 'arbo']) expect(can(id, session('admin')), id).toEqual({ ok: true });
    expect(can('request', session('admin'))).toEqual({ ok: false, why: 'help.why.alreadyIn' });
  });

  it('a user or manager gets "Alleen voor datakluisbeheerders" on admin tasks', () => {
    for (const role of ['user', 'manager'] as const) {
      for (const id of ['approve', 'backup', 'arbo']) expect(can(id, session(role)), `${role} ${id}`).toEqual({ ok: false, why: 'help.why.adminsOnly' });
      for (const id of ['import', 'share', 'sick', 'revoke']) expect(can(id, session(role)), `${role} ${id}`).toEqual({ ok: true });
    }
    expect(nl['help.why.adminsOnly']).toBe('Alleen voor datakluisbeheerders.');
  });

  it('a privacy officer (Logboek only) is offered no employee task', () => {
    for (const id of ['import', 'share', 'sick', 'revoke']) expect(can(id, session('privacy')), id).toEqual({ ok: false, why: 'help.why.notForRole' });
  });

  it('at the locked window only asking for access is offered; with no vault yet, nothing', () => {
    expect(can('request', LOCKED)).toEqual({ ok: true });
    expect(can('import', LOCKED)).toEqual({ ok: false, why: 'help.why.unlockFirst' });
    expect(can('request', NEW)).toEqual({ ok: false, why: 'help.why.noVault' });
    expect(can('backup', null)).toEqual({ ok: false, why: 'help.why.unlockFirst' });
  });
});
