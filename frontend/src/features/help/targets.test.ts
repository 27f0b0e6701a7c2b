import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, waitFor } from '@testing-library/svelte';
import { FakeOrgSource } from '../people/fake-source';

// The backend seam is mocked; everything else (pages, tabs, navigation) is the real app.
const source = vi.hoisted(() => ({ current: null as unknown as import('../../lib/components/tree').TreeSource }));
vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return {
    ...orig,
    status: vi.fn(),
    touch: vi.fn(async () => {}),
    syncStatus: vi.fn(),
    directorySource: { rows: (q: import('../../lib/components/tree').TreeQuery) => source.current.rows(q) },
    employers: vi.fn(),
    departments: vi.fn(),
    employee: vi.fn(),
    dossier: vi.fn(),
    accessRequests: vi.fn(),
    users: vi.fn(),
    pendingRevocation: vi.fn(),
    logPage: vi.fn(),
    logUsers: vi.fn(),
    logStatus: vi.fn(),
    retentionList: vi.fn(),
    backupStatus: vi.fn(),
  };
});

import * as api from '../../lib/api';
import { emptyIdentity, type DossierView, type Status } from '../../lib/api';
import { AppState } from '../../lib/state/app.svelte';
import { locale } from '../../lib/state/locale.svelte';
import App from '../../App.svelte';
import { NOOR, PETRA } from '../admin/test-helpers';
import { NOT_LINKED } from '../sync/testing/fakes';
import { findTarget } from './find-target';
import { goToPlace } from './place';
import { HELP_TASKS } from './tasks';
import type { HelpStep, HelpTask } from './types';

const m = vi.mocked(api);

const ADMIN: Status = {
  state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
  user: { name: 'Petra de Beheerder', email: 'petra@korenaar.example', role: 'admin' }, employer: { name: 'Bakkerij De Korenaar', kvk: '12345678' },
};
const LOCKED: Status = { state: 'locked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false };

const UNSHARED: DossierView = { shared: false, share: null, caseContent: false, caseClosed: false, poortwachter: '', pending: 0, canRevoke: false, history: [], absence: null, employmentEnded: false };
const SHARED: DossierView = {
  ...UNSHARED,
  shared: true,
  canRevoke: true,
  share: { careQuestion: 'consultation', since: '2026-11-20T10:00:00Z', until: '' },
  history: [{ kind: 'shared', at: '2026-11-20T10:00:00Z', by: 'Petra de Beheerder', careQuestion: 'consultation', explanation: '', until: '', reason: '' }],
};

beforeEach(() => {
  locale.set('nl');
  source.current = new FakeOrgSource({ employees: 12, sharedRate: 0 });
  m.syncStatus.mockResolvedValue(NOT_LINKED);
  m.employers.mockResolvedValue([{ id: 'employer-1', name: 'Bakkerij De Korenaar', kvk: '12345678' }]);
  m.departments.mockResolvedValue([]);
  m.employee.mockResolvedValue({
    id: 'e-1', employer: 'employer-1', persnr: '001001', department: 'x', departmentPath: 'Vestiging Utrecht/ICT', shared: false,
    active: true, label: '', identityRead: true, identity: { ...emptyIdentity(), surname: 'Jansen', displayName: 'Jan Jansen' }, employments: [],
  });
  m.dossier.mockResolvedValue(UNSHARED);
  m.accessRequests.mockResolvedValue([]);
  m.users.mockResolvedValue([PETRA, NOOR]);
  m.pendingRevocation.mockResolvedValue(false);
  m.logPage.mockResolvedValue({ rows: [], next: 0, scanned: 0, unreadable: 0 });
  m.logUsers.mockResolvedValue([]);
  m.logStatus.mockResolvedValue({ head: 1, checked: 0, checkedAt: '', issue: '', gaps: [] });
  m.retentionList.mockResolvedValue({ entries: [], erased: 0, noticesWaiting: 0 });
  m.backupStatus.mockResolvedValue({ lastAt: '', lastBytes: 0, restored: false, due: true, canBackup: true });
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

/** Sets up what a step's `when` says must be true, before the page opens. */
function arrange(step: HelpStep, app: AppState) {
  switch (step.when) {
    case 'employee-unshared':
      app.pendingEmployee = 'e-1';
      m.dossier.mockResolvedValue(UNSHARED);
      break;
    case 'employee-shared':
      app.pendingEmployee = 'e-1';
      m.dossier.mockResolvedValue(SHARED);
      break;
    case 'request-waiting':
      m.accessRequests.mockResolvedValue([
        { id: 'r-1', name: 'Noor Bakker', email: 'noor@korenaar.example', role: 'user', fingerprint: 'AAAA BBBB', created: '2026-12-01T10:00:00Z' },
      ]);
      break;
    case 'arbo-unlinked':
    case 'arbo-https':
      m.syncStatus.mockResolvedValue(NOT_LINKED);
      break;
    case undefined:
      break;
  }
}

/** Things a user does on the page to make the control show (typed, not set up behind the scenes). */
async function act(step: HelpStep) {
  if (step.when !== 'arbo-https') return;
  const url = await waitFor(() => {
    const el = findTarget('enrol-url')?.querySelector('input') ?? findTarget('enrol-url');
    if (!(el instanceof HTMLInputElement)) throw new Error('no address field yet');
    return el;
  });
  await fireEvent.input(url, { target: { value: 'https://kluis.arbonoord.example' } });
}

/** Opens the app where the step happens, with the real navigation a walkthrough uses. */
async function open(step: HelpStep) {
  const status = 'locked' in step.place ? LOCKED : ADMIN;
  m.status.mockResolvedValue(status);
  const app = new AppState();
  app.apply(status);
  arrange(step, app);
  goToPlace(app, step.place);
  render(App, { props: { state: app } });
  await act(step);
}

const cases = HELP_TASKS.flatMap((task: HelpTask) =>
  task.steps.map((step, i) => ({ name: `${task.id} step ${i + 1}: ${step.target}${step.when ? ` (${step.when})` : ''}`, step })),
);

describe('rule: every walkthrough step points at a control that is on its screen', () => {
  it.each(cases)('$name', async ({ step }) => {
    await open(step);
    // Found and still in the page once it settled (a loading placeholder may be swapped out).
    await waitFor(() => expect(findTarget(step.target), `data-help="${step.target}" is not shown`).toBeInTheDocument(), { timeout: 3000 });
  });

  it('can fail: a control on another Beheer tab is not found (hidden panels do not count)', async () => {
    await open({ place: { page: 'beheer', tab: 'backup' }, target: 'backup-make', text: 'help.backup.step2' });
    await waitFor(() => expect(findTarget('backup-make')).not.toBeNull());
    expect(findTarget('enrol-submit')).toBeNull();
    expect(document.querySelector('[data-help="enrol-submit"]')).not.toBeNull();
  });
});
