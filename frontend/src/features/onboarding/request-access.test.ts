import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { Status } from '../../lib/api';
import * as api from '../../lib/api';
import { AppError } from '../../lib/api/errors';
import { locale } from '../../lib/state/locale.svelte';
import App from '../../App.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return {
    ...orig,
    status: vi.fn(),
    checkPassphrase: vi.fn(),
    requestAccess: vi.fn(),
    touch: vi.fn(),
    onEvent: vi.fn(() => () => {}),
  };
});

const m = vi.mocked(api);
const locked: Status = { state: 'locked', vaultPath: '/tmp/vault', idleLockMinutes: 10, recoveryKitPending: false };

function type(label: string | RegExp, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

async function openForm() {
  m.status.mockResolvedValue(locked);
  render(App);
  await screen.findByTestId('screen-unlock');
  await fireEvent.click(screen.getByRole('button', { name: 'Nog geen toegang? Toegang aanvragen' }));
  await screen.findByTestId('screen-request');
}

async function fill() {
  type('Naam', 'Joris Bakker');
  type('E-mailadres', 'joris@example.nl');
  type(/^Wachtwoordzin$/, 'paarse olifant danst op dinsdag');
  type('Herhaal wachtwoordzin', 'paarse olifant danst op dinsdag');
  await fireEvent.click(screen.getByRole('radio', { name: 'Leidinggevende (alleen eigen afdelingen)' }));
}

beforeEach(() => {
  locale.set('nl');
  m.checkPassphrase.mockResolvedValue({ score: 4, acceptable: true, problems: [] });
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Toegang aanvragen', () => {
  it('the role is a labelled radio group and must be chosen before anything is sent', async () => {
    await openForm();
    expect(screen.getByRole('group', { name: 'Rol' })).toBeInTheDocument();
    type('Naam', 'Joris Bakker');
    type('E-mailadres', 'joris@example.nl');
    type(/^Wachtwoordzin$/, 'paarse olifant danst op dinsdag');
    type('Herhaal wachtwoordzin', 'paarse olifant danst op dinsdag');
    await fireEvent.click(screen.getByRole('button', { name: 'Aanvraag versturen' }));
    expect(await screen.findByText('Kies een van de mogelijkheden.')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Rol' })).toHaveAccessibleDescription('Kies een van de mogelijkheden.');
    expect(m.requestAccess).not.toHaveBeenCalled();
  });

  it('shows the backend field errors under the right fields and keeps what was typed', async () => {
    await openForm();
    await fill();
    m.requestAccess.mockRejectedValueOnce(
      new AppError('invalid_input', 'check the fields', { email: 'email_format', name: 'required' }),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Aanvraag versturen' }));
    await waitFor(() => expect(m.requestAccess).toHaveBeenCalledTimes(1));
    expect(m.requestAccess).toHaveBeenCalledWith({
      name: 'Joris Bakker',
      email: 'joris@example.nl',
      passphrase: 'paarse olifant danst op dinsdag',
      role: 'manager',
    });
    await waitFor(() =>
      expect(screen.getByLabelText('E-mailadres')).toHaveAccessibleDescription('Vul een geldig e-mailadres in, zoals naam@bedrijf.nl.'),
    );
    expect(screen.getByLabelText('Naam')).toHaveAccessibleDescription('Vul dit veld in.');
    expect(screen.getByLabelText('Naam')).toHaveValue('Joris Bakker');
    expect(screen.getByLabelText('E-mailadres')).toHaveValue('joris@example.nl');
    expect(screen.getByLabelText(/^Wachtwoordzin$/)).toHaveValue('paarse olifant danst op dinsdag');
    expect(screen.getByRole('radio', { name: 'Leidinggevende (alleen eigen afdelingen)' })).toBeChecked();
  });

  it('on success shows the fingerprint to read out, and goes back to unlock', async () => {
    await openForm();
    await fill();
    m.requestAccess.mockResolvedValueOnce('3F2A 9C41 77D0 B5E8');
    await fireEvent.click(screen.getByRole('button', { name: 'Aanvraag versturen' }));
    expect(await screen.findByRole('heading', { name: 'Je aanvraag is verstuurd' })).toBeInTheDocument();
    expect(screen.getByTestId('request-fingerprint')).toHaveTextContent('3F2A 9C41 77D0 B5E8');
    expect(screen.getByText(/Lees deze code voor aan de beheerder die je aanvraag goedkeurt/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Terug naar ontgrendelen' }));
    expect(await screen.findByTestId('screen-unlock')).toBeInTheDocument();
  });
});

describe('Rule: an e-mail that already has access or a request is sent to unlock (issue 17, item 2)', () => {
  it('says the e-mail already has access, not that a vault exists, and offers the way back to unlock', async () => {
    await openForm();
    await fill();
    m.requestAccess.mockRejectedValueOnce(new AppError('access_exists', 'already has access', {}));
    await fireEvent.click(screen.getByRole('button', { name: 'Aanvraag versturen' }));
    const alert = await screen.findByText(/Dit e-mailadres heeft al toegang tot deze kluis of een aanvraag die op akkoord wacht/);
    expect(alert).toBeInTheDocument();
    expect(screen.queryByText('Op deze locatie staat al een kluis.')).not.toBeInTheDocument();
    const back = screen.getAllByRole('button', { name: 'Terug naar ontgrendelen' });
    await fireEvent.click(back[0]!);
    await screen.findByTestId('screen-unlock');
  });
});

describe('Rule: an error the user has fixed disappears at once (issue 17, minor)', () => {
  it('the weak-passphrase error goes when the passphrase changes; the mismatch when the repeat matches', async () => {
    await openForm();
    await fill();
    m.checkPassphrase.mockResolvedValue({ score: 2, acceptable: false, problems: ['common'] });
    await fireEvent.click(screen.getByRole('button', { name: 'Aanvraag versturen' }));
    const weak = await screen.findByText(/Deze wachtwoordzin is te zwak/);
    expect(weak).toBeInTheDocument();
    expect(m.requestAccess).not.toHaveBeenCalled();
    type(/^Wachtwoordzin$/, 'lantaarn vlieger pindakaas mossel');
    await waitFor(() => expect(screen.queryByText(/Deze wachtwoordzin is te zwak/)).not.toBeInTheDocument());

    m.checkPassphrase.mockResolvedValue({ score: 4, acceptable: true, problems: [] });
    await fireEvent.click(screen.getByRole('button', { name: 'Aanvraag versturen' }));
    expect(await screen.findByText('De twee wachtwoordzinnen zijn niet gelijk.')).toBeInTheDocument();
    type('Herhaal wachtwoordzin', 'lantaarn vlieger pindakaas mossel');
    await waitFor(() => expect(screen.queryByText('De twee wachtwoordzinnen zijn niet gelijk.')).not.toBeInTheDocument());
  });

  it('the meter never calls a refused passphrase strong', async () => {
    await openForm();
    m.checkPassphrase.mockResolvedValue({ score: 3, acceptable: false, problems: ['common'] });
    type(/^Wachtwoordzin$/, 'kaasschaaf vlinder drempel oktober');
    await waitFor(() => expect(screen.getByText('Voldoet nog niet')).toBeInTheDocument());
    expect(screen.queryByText('Sterk')).not.toBeInTheDocument();
  });
});
