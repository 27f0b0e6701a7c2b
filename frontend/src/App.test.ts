import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { Status } from './lib/api';
import * as api from './lib/api';
import { locale } from './lib/state/locale.svelte';
import App from './App.svelte';

// The backend seam is mocked; AppError/toAppError stay real.
const handlers = new Map<string, (payload: unknown) => void>();
vi.mock('./lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('./lib/api')>();
  return {
    ...orig,
    status: vi.fn(),
    checkPassphrase: vi.fn(),
    createVault: vi.fn(),
    saveEmergencyKit: vi.fn(),
    confirmEmergencyKit: vi.fn(),
    unlock: vi.fn(),
    recover: vi.fn(),
    lock: vi.fn(),
    touch: vi.fn(),
    setIdleLockMinutes: vi.fn(),
    changePassphrase: vi.fn(),
    onEvent: vi.fn((name: string, h: (p: unknown) => void) => {
      handlers.set(name, h);
      return () => handlers.delete(name);
    }),
  };
});

const m = vi.mocked(api);
const VAULT = '/home/hr/.local/share/Kluis/vault';

function status(state: Status['state'], extra: Partial<Status> = {}): Status {
  return { state, vaultPath: VAULT, idleLockMinutes: 10, recoveryKitPending: false, ...extra };
}

const unlockedAdmin = status('unlocked', {
  user: { name: 'Sanne de Vries', email: 'sanne@example.nl', role: 'admin' },
  employer: { name: 'Bakkerij Jansen', kvk: '12345678' },
});

function type(label: string | RegExp, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

async function start(s: Status) {
  m.status.mockResolvedValue(s);
  render(App);
}

async function toAdminStep() {
  await start(status('new'));
  await screen.findByTestId('screen-create');
  type('Naam werkgever', 'Bakkerij Jansen');
  type('KvK-nummer', '12345678');
  await fireEvent.click(screen.getByRole('button', { name: 'Volgende' }));
  await screen.findByLabelText('Je naam');
  type('Je naam', 'Sanne de Vries');
  type('Je e-mailadres', 'sanne@example.nl');
}

beforeEach(() => {
  localStorage.clear();
  locale.set('nl');
  handlers.clear();
  m.checkPassphrase.mockResolvedValue({ score: 4, acceptable: true, problems: [] });
  m.touch.mockResolvedValue();
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('first screen follows Status()', () => {
  it("state 'new' shows the create wizard", async () => {
    await start(status('new'));
    expect(await screen.findByTestId('screen-create')).toBeInTheDocument();
    expect(screen.getByText(VAULT)).toBeInTheDocument();
  });

  it("state 'locked' shows unlock", async () => {
    await start(status('locked'));
    expect(await screen.findByTestId('screen-unlock')).toBeInTheDocument();
  });

  it("state 'in_use' shows the in-use screen", async () => {
    await start(status('in_use'));
    expect(await screen.findByTestId('screen-in-use')).toBeInTheDocument();
  });

  it("state 'unlocked' with a pending kit shows the kit again without the code", async () => {
    await start({ ...unlockedAdmin, recoveryKitPending: true });
    expect(await screen.findByTestId('screen-kit')).toBeInTheDocument();
    expect(screen.queryByTestId('recovery-code')).toBeNull();
    expect(screen.getByRole('button', { name: 'Noodkit opslaan als PDF' })).toBeInTheDocument();
  });
  it('rule: a replaced recovery code gets its own kit screen that says the old kit no longer works', async () => {
    await start({ ...unlockedAdmin, recoveryKitPending: true, recoveryKitReplaced: true });
    expect(await screen.findByTestId('screen-kit')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Nieuwe noodkit');
    expect(screen.getByText(/De oude noodkit werkt niet meer/)).toBeInTheDocument();
    // Not the first-run wizard: no steps.
    expect(screen.queryByText('Aanmaken')).not.toBeInTheDocument();
  });
});

describe('create vault wizard', () => {
  it('KvK must be exactly 8 digits', async () => {
    await start(status('new'));
    await screen.findByTestId('screen-create');
    type('Naam werkgever', 'Bakkerij Jansen');
    type('KvK-nummer', '1234');
    await fireEvent.click(screen.getByRole('button', { name: 'Volgende' }));
    const kvk = screen.getByLabelText('KvK-nummer');
    expect(kvk).toHaveAttribute('aria-invalid', 'true');
    expect(kvk).toHaveAccessibleDescription(expect.stringContaining('precies 8 cijfers'));
    expect(screen.queryByLabelText('Je naam')).toBeNull();

    type('KvK-nummer', '12345678');
    await fireEvent.click(screen.getByRole('button', { name: 'Volgende' }));
    expect(await screen.findByLabelText('Je naam')).toBeInTheDocument();
  });

  it('passphrase repeat must match', async () => {
    await toAdminStep();
    type('Wachtwoordzin', 'paars fiets onder regen');
    type('Herhaal wachtwoordzin', 'paars fiets onder zon');
    await fireEvent.click(screen.getByRole('button', { name: 'Kluis aanmaken' }));
    const repeat = screen.getByLabelText('Herhaal wachtwoordzin');
    expect(repeat).toHaveAttribute('aria-invalid', 'true');
    expect(repeat).toHaveAccessibleDescription(expect.stringContaining('niet gelijk'));
    expect(m.createVault).not.toHaveBeenCalled();
  });

  it('a weak passphrase blocks submit and says why', async () => {
    m.checkPassphrase.mockResolvedValue({ score: 1, acceptable: false, problems: ['common'] });
    await toAdminStep();
    type('Wachtwoordzin', 'welkom123');
    type('Herhaal wachtwoordzin', 'welkom123');
    await fireEvent.click(screen.getByRole('button', { name: 'Kluis aanmaken' }));
    const pass = screen.getByLabelText('Wachtwoordzin');
    await waitFor(() => expect(pass).toHaveAttribute('aria-invalid', 'true'));
    expect(pass).toHaveAccessibleDescription(expect.stringContaining('te zwak'));
    expect(pass).toHaveAccessibleDescription(expect.stringContaining('veelgebruikte'));
    expect(m.checkPassphrase).toHaveBeenCalledWith('welkom123', ['Sanne de Vries', 'sanne@example.nl', 'Bakkerij Jansen']);
    expect(m.createVault).not.toHaveBeenCalled();
  });

  it('server field errors land on their field', async () => {
    m.createVault.mockRejectedValue({ code: 'invalid_input', message: 'invalid', fields: { adminEmail: 'email_format' } });
    await toAdminStep();
    type('Wachtwoordzin', 'paars fiets onder regen');
    type('Herhaal wachtwoordzin', 'paars fiets onder regen');
    await fireEvent.click(screen.getByRole('button', { name: 'Kluis aanmaken' }));
    // Re-query: the form re-mounts when it returns from the "creating" step.
    await waitFor(() => expect(screen.getByLabelText('Je e-mailadres')).toHaveAttribute('aria-invalid', 'true'));
    const email = screen.getByLabelText('Je e-mailadres');
    expect(email).toHaveAccessibleDescription(expect.stringContaining('geldig e-mailadres'));
  });

  it('a server error on an employer field goes back to step 1', async () => {
    m.createVault.mockRejectedValue({ code: 'invalid_input', message: 'invalid', fields: { kvk: 'kvk_format' } });
    await toAdminStep();
    type('Wachtwoordzin', 'paars fiets onder regen');
    type('Herhaal wachtwoordzin', 'paars fiets onder regen');
    await fireEvent.click(screen.getByRole('button', { name: 'Kluis aanmaken' }));
    const kvk = await screen.findByLabelText('KvK-nummer');
    expect(kvk).toHaveAttribute('aria-invalid', 'true');
  });

  it('creates the vault, shows the recovery code once and continues to the shell', async () => {
    m.createVault.mockResolvedValue({
      recoveryCode: 'ABCD-EFGH-JKLM',
      status: { ...unlockedAdmin, recoveryKitPending: true },
    });
    m.confirmEmergencyKit.mockResolvedValue(unlockedAdmin);
    await toAdminStep();
    type('Wachtwoordzin', 'paars fiets onder regen');
    type('Herhaal wachtwoordzin', 'paars fiets onder regen');
    await fireEvent.click(screen.getByRole('button', { name: 'Kluis aanmaken' }));
    expect(await screen.findByTestId('screen-kit')).toBeInTheDocument();
    expect(screen.getByTestId('recovery-code')).toHaveTextContent('ABCD EFGH JKLM');
    expect(m.createVault).toHaveBeenCalledWith({
      employerName: 'Bakkerij Jansen',
      kvk: '12345678',
      adminName: 'Sanne de Vries',
      adminEmail: 'sanne@example.nl',
      passphrase: 'paars fiets onder regen',
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Naar mijn kluis' }));
    expect(m.confirmEmergencyKit).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByLabelText('Ik heb de noodkit veilig opgeslagen'));
    await fireEvent.click(screen.getByRole('button', { name: 'Naar mijn kluis' }));
    expect(await screen.findByTestId('app-shell')).toBeInTheDocument();
  });
});

describe('unlock', () => {
  async function tryUnlock() {
    await start(status('locked'));
    await screen.findByTestId('screen-unlock');
    type('E-mailadres', 'sanne@example.nl');
    type('Wachtwoordzin', 'verkeerd');
    await fireEvent.submit(screen.getByLabelText('Wachtwoordzin').closest('form')!);
  }

  it('wrong_passphrase shows a message that does not say whether the e-mail exists', async () => {
    m.unlock.mockRejectedValue({ code: 'wrong_passphrase', message: 'The e-mail address or passphrase is not correct.' });
    await tryUnlock();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Het e-mailadres of de wachtwoordzin klopt niet.');
    expect(screen.getByLabelText('Wachtwoordzin')).toHaveValue('');
  });

  it('too_many_attempts disables the button and counts down', async () => {
    const retryAt = new Date(Date.now() + 90_000).toISOString();
    m.unlock.mockRejectedValue({ code: 'too_many_attempts', message: 'wait', retryAt });
    await tryUnlock();
    const button = screen.getByRole('button', { name: 'Ontgrendelen' });
    await waitFor(() => expect(button).toBeDisabled());
    expect(screen.getByText(/het over 1:(29|30) opnieuw/)).toBeInTheDocument();
  });

  it('unlocks into the shell with header and navigation', async () => {
    m.unlock.mockResolvedValue(unlockedAdmin);
    await tryUnlock();
    const shell = await screen.findByTestId('app-shell');
    expect(within(shell).getByText('Sanne de Vries')).toBeInTheDocument();
    expect(screen.getByTestId('nav-actueel')).toHaveAttribute('aria-current', 'page');
    await fireEvent.click(screen.getByTestId('nav-beheer'));
    expect(screen.getByTestId('nav-beheer')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByLabelText('Automatisch vergrendelen na (minuten)')).toHaveValue(10);
  });
});

describe('locking', () => {
  it('vault:locked returns to unlock, wipes the user and explains an idle lock', async () => {
    await start(unlockedAdmin);
    await screen.findByTestId('app-shell');
    m.status.mockResolvedValue(status('locked'));
    const handler = handlers.get('vault:locked');
    expect(handler).toBeDefined();
    handler!({ reason: 'idle' });
    expect(await screen.findByTestId('screen-unlock')).toBeInTheDocument();
    expect(screen.queryByText('Sanne de Vries')).toBeNull();
    expect(screen.getByText(/na 10 minuten zonder activiteit/)).toBeInTheDocument();
  });

  it('the Vergrendelen button locks', async () => {
    m.lock.mockResolvedValue(status('locked'));
    await start(unlockedAdmin);
    await fireEvent.click(await screen.findByTestId('lock-button'));
    expect(await screen.findByTestId('screen-unlock')).toBeInTheDocument();
    expect(m.lock).toHaveBeenCalled();
  });
});

describe('language', () => {
  it('switching to English re-renders the screen', async () => {
    await start(status('locked'));
    await screen.findByTestId('screen-unlock');
    await fireEvent.click(screen.getByTestId('lang-en'));
    expect(screen.getByRole('heading', { name: 'Unlock the vault' })).toBeInTheDocument();
    expect(screen.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');
  });
});
