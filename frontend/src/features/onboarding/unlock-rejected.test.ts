import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import type { Status } from '../../lib/api';
import * as api from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import App from '../../App.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, status: vi.fn(), unlock: vi.fn(), withdrawRequest: vi.fn(), touch: vi.fn(), onEvent: vi.fn(() => () => {}) };
});

const m = vi.mocked(api);
const locked: Status = { state: 'locked', vaultPath: '/tmp/vault', idleLockMinutes: 10, recoveryKitPending: false };

async function tryUnlock() {
  m.status.mockResolvedValue(locked);
  render(App);
  await screen.findByTestId('screen-unlock');
  await fireEvent.input(screen.getByLabelText('E-mailadres'), { target: { value: 'noor@korenaar.example' } });
  await fireEvent.input(screen.getByLabelText('Wachtwoordzin'), { target: { value: 'zeilboot kaasschaaf regenjas tulp' } });
  await fireEvent.submit(screen.getByLabelText('Wachtwoordzin').closest('form')!);
}

beforeEach(() => locale.set('nl'));
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('unlock: a rejected access request', () => {
  it("shows that the request was rejected, the admin's reason and the way to a new request", async () => {
    m.unlock.mockRejectedValue({
      code: 'access_rejected',
      message: 'Your access request was rejected.',
      detail: 'Je werkt niet bij HR.\nVraag het aan je leidinggevende.',
    });
    await tryUnlock();
    const alert = await screen.findByTestId('unlock-rejected');
    expect(alert).toHaveAttribute('role', 'alert');
    expect(alert).toHaveTextContent('Je aanvraag is afgewezen');
    expect(alert).toHaveTextContent('Reden van de beheerder:');
    expect(within(alert).getByTestId('unlock-rejected-reason').textContent).toBe('Je werkt niet bij HR.\nVraag het aan je leidinggevende.');
    expect(alert).toHaveTextContent('Je kunt een nieuwe aanvraag indienen.');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Toegang aanvragen' }));
    expect(await screen.findByTestId('screen-request')).toBeInTheDocument();
  });

  it('without a reason it still says so, in English too', async () => {
    m.unlock.mockRejectedValue({ code: 'access_rejected', message: 'rejected' });
    await tryUnlock();
    const alert = await screen.findByTestId('unlock-rejected');
    expect(alert).not.toHaveTextContent('Reden van de beheerder');
    await fireEvent.click(screen.getByTestId('lang-en'));
    expect(alert).toHaveTextContent('Your request was rejected');
    expect(alert).not.toHaveTextContent("The administrator's reason");
    expect(within(alert).getByRole('button', { name: 'Request access' })).toBeInTheDocument();
  });
});

describe('unlock: a pending access request', () => {
  it('rule: the requester can withdraw it, typing the passphrase again to prove it is theirs', async () => {
    m.unlock.mockRejectedValue({ code: 'access_pending', message: 'pending' });
    m.withdrawRequest.mockResolvedValue(undefined);
    await tryUnlock();
    const alert = await screen.findByTestId('unlock-pending');
    expect(alert).toHaveTextContent('Je aanvraag voor toegang wacht nog op akkoord van een beheerder.');
    // The passphrase was cleared after the attempt: withdrawing asks for it first.
    await fireEvent.click(within(alert).getByRole('button', { name: 'Aanvraag intrekken' }));
    expect(m.withdrawRequest).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByLabelText('Wachtwoordzin'), { target: { value: 'zeilboot kaasschaaf regenjas tulp' } });
    await fireEvent.click(within(alert).getByRole('button', { name: 'Aanvraag intrekken' }));
    expect(m.withdrawRequest).toHaveBeenCalledWith('noor@korenaar.example', 'zeilboot kaasschaaf regenjas tulp');
    expect(await screen.findByTestId('unlock-withdrawn')).toHaveTextContent('Je aanvraag is ingetrokken.');
  });
});
