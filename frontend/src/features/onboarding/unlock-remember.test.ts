import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { Status } from '../../lib/api';
import * as api from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import App from '../../App.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return {
    ...orig,
    status: vi.fn(),
    unlock: vi.fn(),
    touch: vi.fn(),
    onEvent: vi.fn(() => () => {}),
    rememberedEmail: vi.fn(),
    rememberEmail: vi.fn(),
  };
});

const m = vi.mocked(api);
const locked: Status = { state: 'locked', vaultPath: '/tmp/vault', idleLockMinutes: 10, recoveryKitPending: false };

beforeEach(() => {
  locale.set('nl');
  m.status.mockResolvedValue(locked);
  m.unlock.mockRejectedValue({ code: 'wrong_passphrase', message: 'x' });
  m.rememberEmail.mockResolvedValue(undefined);
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

async function submit(pass = 'paard batterij nietje correct') {
  await fireEvent.input(screen.getByLabelText('Wachtwoordzin'), { target: { value: pass } });
  await fireEvent.submit(screen.getByLabelText('Wachtwoordzin').closest('form')!);
}

describe('unlock: E-mailadres onthouden op deze computer', () => {
  it('a remembered e-mail is filled in with the box ticked', async () => {
    m.rememberedEmail.mockResolvedValue('petra@korenaar.example');
    render(App);
    await screen.findByTestId('screen-unlock');
    await waitFor(() => expect(screen.getByLabelText('E-mailadres')).toHaveValue('petra@korenaar.example'));
    expect(screen.getByRole('checkbox', { name: 'E-mailadres onthouden op deze computer' })).toBeChecked();
  });

  it('nothing is remembered by a failed unlock; after a successful one the choice is stored or forgotten', async () => {
    m.rememberedEmail.mockResolvedValue('');
    render(App);
    await screen.findByTestId('screen-unlock');
    const box = screen.getByRole('checkbox', { name: 'E-mailadres onthouden op deze computer' });
    expect(box).not.toBeChecked();
    await fireEvent.input(screen.getByLabelText('E-mailadres'), { target: { value: ' petra@korenaar.example ' } });
    await fireEvent.click(box);
    await submit();
    await screen.findByTestId('unlock-error');
    expect(m.rememberEmail).not.toHaveBeenCalled();

    m.unlock.mockResolvedValue({ ...locked, state: 'unlocked' } as Status);
    await submit();
    await waitFor(() => expect(m.rememberEmail).toHaveBeenCalledWith('petra@korenaar.example'));
  });

  it('unticking the box forgets the address at the next unlock', async () => {
    m.rememberedEmail.mockResolvedValue('petra@korenaar.example');
    m.unlock.mockResolvedValue({ ...locked, state: 'unlocked' } as Status);
    render(App);
    await screen.findByTestId('screen-unlock');
    const box = screen.getByRole('checkbox', { name: 'E-mailadres onthouden op deze computer' });
    await waitFor(() => expect(box).toBeChecked());
    await fireEvent.click(box);
    await submit();
    await waitFor(() => expect(m.rememberEmail).toHaveBeenCalledWith(''));
  });
});
