import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import * as api from '../../lib/api';
import { AppError, type EmailChangeInfo, type Status } from '../../lib/api';
import type { Attention } from '../../lib/api/attention';
import { locale } from '../../lib/state/locale.svelte';
import ActueelFixture from './testing/ActueelFixture.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, approveEmailChange: vi.fn(), rejectEmailChange: vi.fn() };
});
const m = vi.mocked(api);

const nothing: Attention = { openAbsences: [], pendingSync: 0, accessRequests: 0, retentionDue: 0 };
const henk: EmailChangeInfo = { userId: 'u1', name: 'Henk de Vries', email: 'henk@korenaar.example', newEmail: 'henk.nieuw@korenaar.example' };

function status(role: 'admin' | 'user'): Status {
  return {
    state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
    user: { name: 'Petra de Beheerder', email: 'petra@korenaar.example', role },
  };
}

function start(role: 'admin' | 'user', loadEmailChanges: () => Promise<EmailChangeInfo[]>) {
  render(ActueelFixture, { props: { status: status(role), load: async () => nothing, loadEmailChanges, onapp: () => {} } });
}

beforeEach(() => locale.set('nl'));
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Actueel: E-mailadres wijzigen', () => {
  it('rule: an admin sees each pending change with the name, old → new, Akkoord and Afwijzen; Akkoord approves it', async () => {
    const load = vi.fn().mockResolvedValueOnce([henk]).mockResolvedValue([]);
    m.approveEmailChange.mockResolvedValue();
    start('admin', load);
    const card = await screen.findByTestId('actueel-email-changes');
    expect(within(card).getByRole('heading', { name: 'E-mailadres wijzigen' })).toBeInTheDocument();
    // The card is what needs the admin today: no "nothing needs you" beside it.
    expect(screen.queryByText('Er vraagt nu niets je aandacht')).toBeNull();
    const item = within(card).getByRole('listitem');
    expect(item).toHaveTextContent('Henk de Vries');
    expect(item).toHaveTextContent('henk@korenaar.example → nieuw adres: henk.nieuw@korenaar.example');
    await fireEvent.click(within(item).getByRole('button', { name: 'Akkoord' }));
    expect(m.approveEmailChange).toHaveBeenCalledWith('u1');
    expect(await within(card).findByText('Henk de Vries ontgrendelt voortaan met het nieuwe e-mailadres.')).toBeInTheDocument();
    expect(within(card).queryByRole('listitem')).toBeNull();
  });

  it('rule: Afwijzen rejects; an address taken meanwhile is said, and the list is read again', async () => {
    m.rejectEmailChange.mockResolvedValue();
    start('admin', async () => [henk]);
    const card = await screen.findByTestId('actueel-email-changes');
    await fireEvent.click(within(card).getByRole('button', { name: 'Afwijzen' }));
    expect(m.rejectEmailChange).toHaveBeenCalledWith('u1');
    expect(await within(card).findByText('De wijziging voor Henk de Vries is afgewezen; het oude e-mailadres blijft.')).toBeInTheDocument();
    m.approveEmailChange.mockRejectedValue(new AppError('user_exists', 'x'));
    await fireEvent.click(within(card).getByRole('button', { name: 'Akkoord' }));
    expect(await within(card).findByText('Er bestaat al een gebruiker met dit e-mailadres.')).toBeInTheDocument();
  });

  it('rule: nothing pending, or not an admin: no card', async () => {
    const load = vi.fn(async () => [henk]);
    start('user', load);
    await screen.findByRole('heading', { name: 'Actueel' });
    expect(screen.queryByTestId('actueel-email-changes')).toBeNull();
    expect(load).not.toHaveBeenCalled();
    cleanup();
    start('admin', async () => []);
    await screen.findByText('Er vraagt nu niets je aandacht');
    expect(screen.queryByTestId('actueel-email-changes')).toBeNull();
  });
});
