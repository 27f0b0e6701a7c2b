import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, status: vi.fn(), touch: vi.fn(async () => {}), syncStatus: vi.fn(async () => { throw new Error('offline'); }), lock: vi.fn() };
});

import * as api from '../../lib/api';
import type { Status } from '../../lib/api';
import { AppState } from '../../lib/state/app.svelte';
import { locale } from '../../lib/state/locale.svelte';
import App from '../../App.svelte';

const m = vi.mocked(api);
const ADMIN: Status = {
  state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
  user: { name: 'Petra', email: 'p@x.nl', role: 'admin' }, employer: { name: 'Bakkerij', kvk: '12345678' },
};
const LOCKED: Status = { state: 'locked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false };

afterEach(() => cleanup());

describe('Help mij in the app', () => {
  it('rule: an idle lock ends a walkthrough of the unlocked window (no tour over the unlock screen)', async () => {
    locale.set('nl');
    m.status.mockResolvedValue(ADMIN);
    m.lock.mockResolvedValue(LOCKED);
    const app = new AppState();
    app.apply(ADMIN);
    app.page = 'synchronisatie';
    render(App, { props: { state: app } });
    await fireEvent.click(await screen.findByTestId('help-button'));
    await fireEvent.click(within(await screen.findByTestId('help-dialog')).getByTestId('help-task-backup'));
    expect(await screen.findByTestId('help-popover')).toBeInTheDocument();
    expect(app.page).toBe('beheer');

    m.status.mockResolvedValue(LOCKED);
    app.onLocked('idle');
    await screen.findByTestId('screen-unlock');
    await waitFor(() => expect(screen.queryByTestId('help-popover')).toBeNull());
    expect(screen.getByTestId('help-live')).toHaveTextContent('Rondleiding gestopt.');
  });
});
