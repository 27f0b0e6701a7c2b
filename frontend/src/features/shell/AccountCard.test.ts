import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import * as api from '../../lib/api';
import { AppError, type Status } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import BeheerFixture from './testing/BeheerFixture.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return {
    ...orig,
    accessRequests: vi.fn(),
    users: vi.fn(),
    pendingRevocation: vi.fn(),
    employers: vi.fn(),
    departments: vi.fn(),
    updateOwnAccount: vi.fn(),
    onEvent: vi.fn(() => () => {}),
  };
});

const m = vi.mocked(api);

function status(role: 'admin' | 'user', name = 'Petra de Beheerder', email = 'petra@korenaar.example'): Status {
  return {
    state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
    user: { name, email, role }, employer: { name: 'Bakkerij De Korenaar', kvk: '12345678' },
  };
}

beforeEach(() => {
  locale.set('nl');
  m.accessRequests.mockResolvedValue([]);
  m.users.mockResolvedValue([]);
  m.pendingRevocation.mockResolvedValue(false);
  m.employers.mockResolvedValue([]);
  m.departments.mockResolvedValue([]);
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

async function openAccount(role: 'admin' | 'user') {
  render(BeheerFixture, { props: { status: status(role) } });
  if (role === 'admin') await fireEvent.click(screen.getByRole('tab', { name: 'Instellingen' }));
  const card = screen.getByRole('region', { name: 'Mijn account' });
  return {
    name: screen.getByLabelText('Naam') as HTMLInputElement,
    email: screen.getByLabelText('E-mailadres') as HTMLInputElement,
    save: () => fireEvent.click(screen.getByRole('button', { name: 'Gegevens opslaan' })),
    card,
  };
}

// The Beheer page renders every tab's panel: on a loaded machine the first render is slow.
describe('Mijn account', { timeout: 20_000 }, () => {
  it('an admin saves a new name and e-mail and is told to unlock with the new address', async () => {
    m.updateOwnAccount.mockResolvedValue(status('admin', 'Petra van Dijk', 'petra.vandijk@korenaar.example'));
    const f = await openAccount('admin');
    expect(f.name.value).toBe('Petra de Beheerder');
    await fireEvent.input(f.name, { target: { value: 'Petra van Dijk' } });
    await fireEvent.input(f.email, { target: { value: 'petra.vandijk@korenaar.example' } });
    await f.save();
    expect(m.updateOwnAccount).toHaveBeenCalledWith('Petra van Dijk', 'petra.vandijk@korenaar.example');
    expect(await screen.findByText('Je gegevens zijn opgeslagen. Ontgrendel voortaan met petra.vandijk@korenaar.example.')).toBeInTheDocument();
  });

  it('an address another user has is shown at the e-mail field', async () => {
    m.updateOwnAccount.mockRejectedValue(new AppError('user_exists', 'x'));
    const f = await openAccount('admin');
    await fireEvent.input(f.email, { target: { value: 'henk@korenaar.example' } });
    await f.save();
    expect(await screen.findByText('Er bestaat al een gebruiker met dit e-mailadres.')).toBeInTheDocument();
    expect(f.email.getAttribute('aria-invalid')).toBe('true');
  });

  it('an empty name is a field error and nothing is sent', async () => {
    const f = await openAccount('admin');
    await fireEvent.input(f.name, { target: { value: '' } });
    await f.save();
    expect(await screen.findByText('Vul dit veld in.')).toBeInTheDocument();
    expect(m.updateOwnAccount).not.toHaveBeenCalled();
  });

  it('a user who is not an admin asks for a new address: it waits for an admin, and they keep the old one', async () => {
    const pending = { ...status('user', 'Henk de Vries', 'petra@korenaar.example') };
    pending.user = { ...pending.user!, pendingEmail: 'henk.nieuw@korenaar.example' };
    m.updateOwnAccount.mockResolvedValue(pending);
    const f = await openAccount('user');
    expect(f.email.readOnly).toBe(false);
    expect(screen.getByText('Een nieuw adres gaat pas in na akkoord van een beheerder; tot dan ontgrendel je met je huidige adres.')).toBeInTheDocument();
    await fireEvent.input(f.email, { target: { value: 'henk.nieuw@korenaar.example' } });
    await f.save();
    expect(m.updateOwnAccount).toHaveBeenCalledWith('Petra de Beheerder', 'henk.nieuw@korenaar.example');
    expect(
      await screen.findByText('Je gegevens zijn opgeslagen. Een beheerder moet je nieuwe e-mailadres nog goedkeuren; tot dan ontgrendel je met petra@korenaar.example.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('account-pending')).toHaveTextContent('Wacht op akkoord van een beheerder: henk.nieuw@korenaar.example');
    expect(f.email.value).toBe('henk.nieuw@korenaar.example');
  });

  it('"Wijziging intrekken" saves the current address, and the waiting notice goes', async () => {
    const s = status('user', 'Henk de Vries', 'henk@korenaar.example');
    s.user = { ...s.user!, pendingEmail: 'henk.nieuw@korenaar.example' };
    render(BeheerFixture, { props: { status: s } });
    expect(await screen.findByTestId('account-pending')).toHaveTextContent('Wacht op akkoord van een beheerder: henk.nieuw@korenaar.example');
    expect((screen.getByLabelText('E-mailadres') as HTMLInputElement).value).toBe('henk.nieuw@korenaar.example');
    m.updateOwnAccount.mockResolvedValue(status('user', 'Henk de Vries', 'henk@korenaar.example'));
    await fireEvent.click(screen.getByRole('button', { name: 'Wijziging intrekken' }));
    expect(m.updateOwnAccount).toHaveBeenCalledWith('Henk de Vries', 'henk@korenaar.example');
    expect(await screen.findByText('De wijziging van je e-mailadres is ingetrokken.')).toBeInTheDocument();
    expect(screen.queryByTestId('account-pending')).toBeNull();
    expect((screen.getByLabelText('E-mailadres') as HTMLInputElement).value).toBe('henk@korenaar.example');
  });

  it('a user who changes only their name keeps their waiting request', async () => {
    const s = status('user', 'Henk de Vries', 'henk@korenaar.example');
    s.user = { ...s.user!, pendingEmail: 'henk.nieuw@korenaar.example' };
    render(BeheerFixture, { props: { status: s } });
    const after = status('user', 'Henk Visser', 'henk@korenaar.example');
    after.user = { ...after.user!, pendingEmail: 'henk.nieuw@korenaar.example' };
    m.updateOwnAccount.mockResolvedValue(after);
    await fireEvent.input(screen.getByLabelText('Naam'), { target: { value: 'Henk Visser' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Gegevens opslaan' }));
    expect(m.updateOwnAccount).toHaveBeenCalledWith('Henk Visser', 'henk.nieuw@korenaar.example');
    expect(await screen.findByText('Je gegevens zijn opgeslagen.')).toBeInTheDocument();
    expect(screen.getByTestId('account-pending')).toBeInTheDocument();
  });
});
