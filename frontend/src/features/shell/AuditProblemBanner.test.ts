import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import type { Status } from '../../lib/api';
import * as api from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import App from '../../App.svelte';
import { app as models } from '../../../wailsjs/go/models';
import { auditProblemOf } from './audit-problem';

// The backend seam is mocked; the pages' own loads fail quietly without bindings.
vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, status: vi.fn(), unlock: vi.fn(), lock: vi.fn(), touch: vi.fn(), onEvent: vi.fn(() => () => {}) };
});

const m = vi.mocked(api);
const PROBLEM = 'the audit log ends at entry 41, but the signed keyring recorded entry 57: entries were removed';

function unlocked(role: 'admin' | 'user' | 'manager', auditProblem?: string): Status {
  return {
    state: 'unlocked', vaultPath: '/tmp/vault', idleLockMinutes: 10, recoveryKitPending: false,
    user: { name: 'Petra de Beheerder', email: 'petra@korenaar.example', role },
    employer: { name: 'Bakkerij De Korenaar BV', kvk: '12345678' },
    ...(auditProblem === undefined ? {} : { auditProblem }),
  };
}

async function start(s: Status) {
  m.status.mockResolvedValue(s);
  render(App);
  await screen.findByTestId('app-shell');
}

beforeEach(() => {
  locale.set('nl');
  m.touch.mockResolvedValue();
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('the audit problem banner', () => {
  it('rule: an admin whose unlock found the audit log damaged sees a red alert under the header with the English details', async () => {
    await start(unlocked('admin', PROBLEM));
    const banner = screen.getByTestId('audit-problem');
    expect(banner).toHaveAttribute('role', 'alert');
    expect(banner).toHaveAccessibleName('Het logboek (audit) is niet intact');
    expect(banner).toHaveTextContent(
      'Er zijn regels verwijderd, gewijzigd of afgeknipt. Meld dit bij de functionaris gegevensbescherming en laat de oorzaak uitzoeken.',
    );
    // Under the header: the banner follows the header in the shell.
    const header = screen.getByRole('banner');
    expect(header.compareDocumentPosition(banner) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const details = within(banner).getByTestId('audit-problem-details');
    expect(details).toHaveTextContent(PROBLEM);
    expect(details).toHaveAttribute('lang', 'en');
    expect(within(banner).getByText('Details').tagName).toBe('SUMMARY');
  });

  it('rule: it stays on every page', async () => {
    await start(unlocked('admin', PROBLEM));
    for (const nav of ['nav-medewerkers', 'nav-beheer', 'nav-synchronisatie', 'nav-actueel']) {
      await fireEvent.click(screen.getByTestId(nav));
      expect(screen.getByTestId('audit-problem')).toBeInTheDocument();
    }
  });

  it('rule: it can be collapsed to its title, not dismissed, and is back in full at the next unlock', async () => {
    await start(unlocked('admin', PROBLEM));
    const toggle = screen.getByRole('button', { name: 'Inklappen' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveTextContent('Uitklappen');
    expect(screen.getByTestId('audit-problem-body')).not.toBeVisible();
    expect(screen.getByTestId('audit-problem')).toHaveTextContent('Het logboek (audit) is niet intact');

    // Lock and unlock: the banner is shown expanded again.
    m.lock.mockResolvedValue({ state: 'locked', vaultPath: '/tmp/vault', idleLockMinutes: 10, recoveryKitPending: false });
    await fireEvent.click(screen.getByTestId('lock-button'));
    await screen.findByTestId('screen-unlock');
    expect(screen.queryByTestId('audit-problem')).not.toBeInTheDocument();
    m.unlock.mockResolvedValue(unlocked('admin', PROBLEM));
    await fireEvent.input(screen.getByLabelText('E-mailadres'), { target: { value: 'petra@korenaar.example' } });
    await fireEvent.input(screen.getByLabelText('Wachtwoordzin'), { target: { value: 'paard batterij nietje correct' } });
    await fireEvent.submit(screen.getByLabelText('Wachtwoordzin').closest('form')!);
    await screen.findByTestId('app-shell');
    expect(screen.getByTestId('audit-problem-body')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Inklappen' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('rule: in English the banner is English too', async () => {
    locale.set('en');
    await start(unlocked('admin', PROBLEM));
    expect(screen.getByTestId('audit-problem')).toHaveAccessibleName('The audit log is not intact');
    expect(screen.getByRole('button', { name: 'Collapse' })).toBeInTheDocument();
  });

  it('rule: no banner for an admin without an audit problem', async () => {
    await start(unlocked('admin'));
    expect(screen.queryByTestId('audit-problem')).not.toBeInTheDocument();
  });

  it('rule: no banner for a user or a manager, even if a status carried the text', async () => {
    await start(unlocked('user', PROBLEM));
    expect(screen.queryByTestId('audit-problem')).not.toBeInTheDocument();
    cleanup();
    await start(unlocked('manager', PROBLEM));
    expect(screen.queryByTestId('audit-problem')).not.toBeInTheDocument();
  });

  it('rule: the status is read for an unlocked admin only, blank text counts as none', () => {
    expect(auditProblemOf(null)).toBe('');
    expect(auditProblemOf(unlocked('admin', '  '))).toBe('');
    expect(auditProblemOf({ ...unlocked('admin', PROBLEM), state: 'locked' })).toBe('');
    expect(auditProblemOf(unlocked('admin', PROBLEM))).toBe(PROBLEM);
  });
});

describe('Status.auditProblem from the backend', () => {
  it('rule: toStatus keeps a non-blank auditProblem and drops a blank one', () => {
    const base = { state: 'unlocked', vaultPath: '/tmp/vault', idleLockMinutes: 10, recoveryKitPending: false };
    expect(api.toStatus(models.Status.createFrom({ ...base, auditProblem: PROBLEM })).auditProblem).toBe(PROBLEM);
    expect(api.toStatus(models.Status.createFrom({ ...base, auditProblem: ' ' })).auditProblem).toBeUndefined();
    expect(api.toStatus(models.Status.createFrom(base)).auditProblem).toBeUndefined();
  });
});
