import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import type { Status } from '../../lib/api';
import * as api from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import App from '../../App.svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, status: vi.fn(), unlock: vi.fn(), touch: vi.fn(), onEvent: vi.fn(() => () => {}) };
});

const m = vi.mocked(api);
const locked: Status = { state: 'locked', vaultPath: '/tmp/vault', idleLockMinutes: 10, recoveryKitPending: false };

async function tryUnlock(code: string, message: string) {
  m.status.mockResolvedValue(locked);
  m.unlock.mockRejectedValue({ code, message });
  render(App);
  await screen.findByTestId('screen-unlock');
  await fireEvent.input(screen.getByLabelText('E-mailadres'), { target: { value: 'petra@korenaar.example' } });
  await fireEvent.input(screen.getByLabelText('Wachtwoordzin'), { target: { value: 'paard batterij nietje correct' } });
  await fireEvent.submit(screen.getByLabelText('Wachtwoordzin').closest('form')!);
  return screen.findByTestId('unlock-error');
}

beforeEach(() => locale.set('nl'));
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('unlock: the vault format 2 refusals', () => {
  const cases: [code: string, dutch: RegExp, role: 'alert' | 'status'][] = [
    ['rollback', /^Er is een oudere kopie van de kluis of het sleutelbestand teruggezet/, 'alert'],
    ['store_missing', /^De gegevens van de kluis ontbreken of zijn leeg\. Zet de back-up terug\.$/, 'alert'],
    ['store_damaged', /^De opslagbestanden van de kluis zijn beschadigd\. Zet de back-up terug\.$/, 'alert'],
    ['upgrade_required', /^Deze kluis heeft een oudere indeling\. Een beheerder moet hem één keer openen/, 'status'],
    ['vault_newer', /^Deze kluis is geschreven door een nieuwere versie van Kluis\. Werk Kluis op deze pc bij/, 'alert'],
    ['busy', /^Kluis is nog bezig de kluis te openen of aan te maken\. Wacht even\.$/, 'status'],
  ];
  for (const [code, dutch, role] of cases) {
    it(`rule: ${code} is shown in Dutch from the catalogue, not the backend's English`, async () => {
      const alert = await tryUnlock(code, `english text for ${code}`);
      expect(alert.textContent?.trim()).toMatch(dutch);
      expect(alert).not.toHaveTextContent('english text');
      expect(alert).toHaveAttribute('role', role);
      // The form stays usable: the passphrase is cleared for another attempt.
      expect(screen.getByLabelText('Wachtwoordzin')).toHaveValue('');
    });
  }

  it('rule: a vault that cannot be opened names the new codes on the unavailable screen', async () => {
    m.status.mockResolvedValue({ ...locked, state: 'unavailable', errorCode: 'store_damaged' });
    render(App);
    const screenEl = await screen.findByTestId('screen-unavailable');
    expect(screenEl).toHaveTextContent('De opslagbestanden van de kluis zijn beschadigd. Zet de back-up terug.');
    expect(screenEl).toHaveTextContent('store_damaged');
  });
});

describe('Rule: an unlock answer that no longer applies disappears (issue 17)', () => {
  it('"wrong passphrase" goes when the e-mail is changed, and comes back for the same e-mail', async () => {
    const alert = await tryUnlock('wrong_passphrase', 'wrong');
    expect(alert).toHaveTextContent('Het e-mailadres of de wachtwoordzin klopt niet.');
    await fireEvent.input(screen.getByLabelText('E-mailadres'), { target: { value: 'noor@korenaar.example' } });
    expect(screen.queryByTestId('unlock-error')).not.toBeInTheDocument();
    await fireEvent.input(screen.getByLabelText('E-mailadres'), { target: { value: 'petra@korenaar.example' } });
    expect(screen.getByTestId('unlock-error')).toBeInTheDocument();
  });

  it('a vault-level refusal stays when the e-mail changes', async () => {
    await tryUnlock('store_damaged', 'damaged');
    await fireEvent.input(screen.getByLabelText('E-mailadres'), { target: { value: 'noor@korenaar.example' } });
    expect(screen.getByTestId('unlock-error')).toBeInTheDocument();
  });

  it('"Vul dit veld in." goes once the field is filled', async () => {
    m.status.mockResolvedValue(locked);
    render(App);
    await screen.findByTestId('screen-unlock');
    await fireEvent.submit(screen.getByLabelText('Wachtwoordzin').closest('form')!);
    expect(screen.getAllByText('Vul dit veld in.')).toHaveLength(2);
    await fireEvent.input(screen.getByLabelText('E-mailadres'), { target: { value: 'petra@korenaar.example' } });
    expect(screen.getAllByText('Vul dit veld in.')).toHaveLength(1);
    expect(m.unlock).not.toHaveBeenCalled();
  });
});
