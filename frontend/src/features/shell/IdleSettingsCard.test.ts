import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import * as api from '../../lib/api';
import type { Status } from '../../lib/api';
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
    setIdleLockMinutes: vi.fn(),
    onEvent: vi.fn(() => () => {}),
  };
});

const m = vi.mocked(api);

function status(minutes = 10): Status {
  return {
    state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: minutes, recoveryKitPending: false,
    user: { name: 'Petra de Beheerder', email: 'petra@korenaar.example', role: 'admin' },
    employer: { name: 'Bakkerij De Korenaar', kvk: '12345678' },
  };
}

beforeEach(() => {
  locale.set('nl');
  m.accessRequests.mockResolvedValue([]);
  m.users.mockResolvedValue([]);
  m.pendingRevocation.mockResolvedValue(false);
  m.employers.mockResolvedValue([]);
  m.departments.mockResolvedValue([]);
  m.setIdleLockMinutes.mockImplementation(async (n: number) => status(n));
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

async function openSettings(): Promise<HTMLInputElement> {
  render(BeheerFixture, { props: { status: status() } });
  await fireEvent.click(screen.getByRole('tab', { name: 'Instellingen' }));
  return screen.getByLabelText('Automatisch vergrendelen na (minuten)') as HTMLInputElement;
}

describe('Rule: the auto-lock minutes typed in the number field are saved (issue 17, item 1)', () => {
  it('saves 15 from the number field and confirms it', async () => {
    const input = await openSettings();
    await fireEvent.input(input, { target: { value: '15' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(m.setIdleLockMinutes).toHaveBeenCalledWith(15);
    expect(await screen.findByText('Opgeslagen. De kluis vergrendelt na 15 minuten zonder activiteit.')).toBeInTheDocument();
  });

  it('says "1 minuut", by the plural rule', async () => {
    const input = await openSettings();
    await fireEvent.input(input, { target: { value: '1' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(await screen.findByText('Opgeslagen. De kluis vergrendelt na 1 minuut zonder activiteit.')).toBeInTheDocument();
  });

  it('an empty field gives the field error, not an exception, and saves nothing', async () => {
    const input = await openSettings();
    await fireEvent.input(input, { target: { value: '' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(await screen.findByText('Vul dit veld in.')).toBeInTheDocument();
    expect(m.setIdleLockMinutes).not.toHaveBeenCalled();
  });

  it('a number out of range gives the range error', async () => {
    const input = await openSettings();
    await fireEvent.input(input, { target: { value: '300' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(await screen.findByText('Vul een heel getal van 1 tot en met 240 in.')).toBeInTheDocument();
    expect(m.setIdleLockMinutes).not.toHaveBeenCalled();
  });
});

describe('Rule: Beheer → Over Kluis names the log file that "de details staan in het logboek" means (issue 17)', () => {
  it('shows the log path from the status, for an admin under Instellingen', async () => {
    const st = { ...status(), logPath: '/home/petra/.config/Kluis/logs/kluis.log' };
    render(BeheerFixture, { props: { status: st } });
    await fireEvent.click(screen.getByRole('tab', { name: 'Instellingen' }));
    const card = screen.getByRole('region', { name: 'Over Kluis' });
    expect(card).toHaveTextContent('/home/petra/.config/Kluis/logs/kluis.log');
    expect(card).toHaveTextContent('/tmp/v');
  });

  it('also for a user without admin rights', async () => {
    const st: Status = { ...status(), logPath: '/x/kluis.log', user: { name: 'Noor', email: 'noor@x.nl', role: 'user' } };
    render(BeheerFixture, { props: { status: st } });
    expect(screen.getByTestId('about-log-path')).toHaveTextContent('/x/kluis.log');
  });
});
