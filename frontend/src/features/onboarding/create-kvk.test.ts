import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import type { Status } from '../../lib/api';
import * as api from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import App from '../../App.svelte';
import { CreateWizard } from './create.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, status: vi.fn(), createVault: vi.fn(), checkPassphrase: vi.fn(), touch: vi.fn(), onEvent: vi.fn(() => () => {}) };
});

const m = vi.mocked(api);
const fresh: Status = { state: 'new', vaultPath: '/tmp/vault', idleLockMinutes: 10, recoveryKitPending: false };

beforeEach(() => locale.set('nl'));
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Rule: a pasted KvK number "1234 5678" keeps all 8 digits (issue 17)', () => {
  it('the field does not cut the pasted text at 8 characters', async () => {
    m.status.mockResolvedValue(fresh);
    render(App);
    await screen.findByTestId('screen-create');
    const input = screen.getByLabelText('KvK-nummer') as HTMLInputElement;
    // maxlength counts characters, spaces too: "1234 5678" is 9 of them.
    expect(input.maxLength === -1 || input.maxLength >= '1234 5678'.length).toBe(true);
    await fireEvent.input(screen.getByLabelText('Naam werkgever'), { target: { value: 'Bakkerij De Korenaar' } });
    await fireEvent.input(input, { target: { value: '1234 5678' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Volgende' }));
    expect(screen.queryByText(/KvK-nummer bestaat uit precies 8 cijfers/)).not.toBeInTheDocument();
  });

  it('the wizard accepts spaces and dots and sends the 8 digits', async () => {
    m.checkPassphrase.mockResolvedValue({ score: 4, acceptable: true, problems: [] });
    m.createVault.mockResolvedValue({ recoveryCode: 'x', status: fresh } as unknown as Awaited<ReturnType<typeof api.createVault>>);
    const w = new CreateWizard(() => {});
    w.employerName = 'Bakkerij De Korenaar';
    w.kvk = '1234 5678';
    expect(w.validateEmployer()).toBe(true);
    w.kvk = '1234.567';
    expect(w.validateEmployer()).toBe(false);
    w.kvk = ' 1234 5678 ';
    w.adminName = 'Petra';
    w.adminEmail = 'petra@korenaar.example';
    w.np.value = 'lantaarn vlieger pindakaas mossel';
    w.np.repeat = w.np.value;
    await w.submit();
    expect(m.createVault).toHaveBeenCalledWith(expect.objectContaining({ kvk: '12345678' }));
  });
});
