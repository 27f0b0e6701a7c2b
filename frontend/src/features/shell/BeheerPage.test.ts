import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import * as api from '../../lib/api';
import type { AccessRequestInfo, Status } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import { NOOR, PETRA } from '../admin/test-helpers';
import BeheerFixture from './testing/BeheerFixture.svelte';
import { NOT_LINKED } from '../sync/testing/fakes';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return {
    ...orig,
    accessRequests: vi.fn(),
    users: vi.fn(),
    pendingRevocation: vi.fn(),
    employers: vi.fn(),
    departments: vi.fn(),
    syncStatus: vi.fn(),
    logPage: vi.fn(),
    logUsers: vi.fn(),
    logStatus: vi.fn(),
    retentionList: vi.fn(async () => ({ entries: [], erased: 0, noticesWaiting: 0 })),
    onEvent: vi.fn(() => () => {}),
  };
});

const m = vi.mocked(api);

function status(role: 'admin' | 'user' | 'manager' | 'privacy', email = 'petra@korenaar.example'): Status {
  return {
    state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
    user: { name: 'Petra de Beheerder', email, role }, employer: { name: 'Bakkerij De Korenaar', kvk: '12345678' },
  };
}

function request(id: string, name: string): AccessRequestInfo {
  return { id, name, email: `${id}@x.nl`, role: 'user', fingerprint: 'AAAA BBBB', created: '2024-03-14T10:00:00Z' };
}

beforeEach(() => {
  locale.set('nl');
  m.accessRequests.mockResolvedValue([]);
  m.users.mockResolvedValue([PETRA, NOOR]);
  m.pendingRevocation.mockResolvedValue(false);
  m.employers.mockResolvedValue([]);
  m.departments.mockResolvedValue([]);
  m.syncStatus.mockResolvedValue(NOT_LINKED);
  m.logPage.mockResolvedValue({ rows: [], next: 0, scanned: 0, unreadable: 0 });
  m.logUsers.mockResolvedValue([]);
  m.logStatus.mockResolvedValue({ head: 12, checked: 0, checkedAt: '', issue: '', gaps: [] });
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('Beheer for an admin: tabs', () => {
  it('shows the tabs, Beheeracties first and selected, with one tab stop', async () => {
    render(BeheerFixture, { props: { status: status('admin') } });
    const list = screen.getByRole('tablist', { name: 'Onderdelen van Beheer' });
    const tabs = within(list).getAllByRole('tab');
    expect(tabs.map((t) => t.textContent?.trim())).toEqual(['Beheeracties', 'Autorisaties', 'Logboek', 'Verwerkersovereenkomst', 'Arbodienst', 'Rapportages', 'Bewaartermijn', 'Back-up', 'Apparaten', 'Instellingen']);
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');
    expect(tabs.filter((t) => t.getAttribute('tabindex') === '0')).toEqual([tabs[0]]);
    const panel = screen.getByRole('tabpanel', { name: 'Beheeracties' });
    expect(panel).toHaveAttribute('aria-labelledby', tabs[0]!.id);
    expect(tabs[0]).toHaveAttribute('aria-controls', panel.id);
    expect(within(panel).getByTestId('access-requests')).toBeInTheDocument();
  });

  it('arrow keys, Home and End move the selection and the focus, wrapping around', async () => {
    render(BeheerFixture, { props: { status: status('admin') } });
    const tabs = screen.getAllByRole('tab');
    const last = tabs[tabs.length - 1]!;
    tabs[0]!.focus();
    await fireEvent.keyDown(tabs[0]!, { key: 'ArrowRight' });
    expect(tabs[1]).toHaveFocus();
    expect(tabs[1]).toHaveAttribute('aria-selected', 'true');
    expect(tabs[0]).toHaveAttribute('aria-selected', 'false');
    expect(tabs[1]).toHaveAttribute('tabindex', '0');
    expect(tabs[0]).toHaveAttribute('tabindex', '-1');
    expect(screen.getByRole('tabpanel', { name: 'Autorisaties' })).toBeVisible();
    expect(await screen.findByTestId('users-table')).toBeInTheDocument();

    await fireEvent.keyDown(tabs[1]!, { key: 'End' });
    expect(last).toHaveFocus();
    expect(last).toHaveTextContent('Instellingen');
    await fireEvent.keyDown(last, { key: 'ArrowLeft' });
    expect(screen.getByRole('tabpanel', { name: 'Apparaten' })).toBeVisible();
    expect(screen.getByTestId('devices-panel')).toBeInTheDocument();
    await fireEvent.keyDown(tabs[8]!, { key: 'ArrowLeft' });
    expect(screen.getByRole('tabpanel', { name: 'Back-up' })).toBeVisible();
    expect(screen.getByTestId('backup-panel')).toBeInTheDocument();
    await fireEvent.keyDown(tabs[7]!, { key: 'ArrowLeft' });
    expect(screen.getByRole('tabpanel', { name: 'Bewaartermijn' })).toBeVisible();
    expect(await screen.findByTestId('retention-panel')).toBeInTheDocument();
    await fireEvent.keyDown(tabs[6]!, { key: 'ArrowLeft' });
    expect(screen.getByRole('tabpanel', { name: 'Rapportages' })).toBeVisible();
    expect(screen.getByTestId('reports-panel')).toBeInTheDocument();
    await fireEvent.keyDown(tabs[5]!, { key: 'ArrowLeft' });
    expect(screen.getByRole('tabpanel', { name: 'Arbodienst' })).toBeVisible();
    expect(await screen.findByRole('heading', { name: 'Arbodienst koppelen' })).toBeVisible();
    await fireEvent.keyDown(tabs[4]!, { key: 'ArrowLeft' });
    expect(screen.getByRole('tabpanel', { name: 'Verwerkersovereenkomst' })).toBeVisible();
    expect(screen.getByTestId('agreement-panel')).toBeInTheDocument();
    await fireEvent.keyDown(tabs[3]!, { key: 'ArrowLeft' });
    expect(screen.getByRole('tabpanel', { name: 'Logboek' })).toBeVisible();
    expect(screen.getByTestId('logbook-table')).toBeInTheDocument();
    for (const i of [2, 3, 4, 5, 6, 7, 8]) await fireEvent.keyDown(tabs[i]!, { key: 'ArrowRight' });
    expect(last).toHaveFocus();
    await fireEvent.keyDown(last, { key: 'ArrowRight' });
    expect(tabs[0]).toHaveFocus();
    await fireEvent.keyDown(tabs[0]!, { key: 'ArrowLeft' });
    expect(last).toHaveFocus();
    expect(screen.getByLabelText('Automatisch vergrendelen na (minuten)')).toBeVisible();
    await fireEvent.keyDown(last, { key: 'Home' });
    expect(tabs[0]).toHaveFocus();
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');
  });

  it('shows the number of pending requests on Beheeracties, in words for screen readers', async () => {
    m.accessRequests.mockResolvedValue([request('r-1', 'Joris Bakker'), request('r-2', 'Mila Jansen')]);
    render(BeheerFixture, { props: { status: status('admin') } });
    const tab = screen.getAllByRole('tab')[0]!;
    await waitFor(() => expect(tab).toHaveAccessibleName('Beheeracties (2 openstaande aanvragen)'));
    expect(tab).toHaveTextContent(/^Beheeracties\s*2/); // the visible count
  });

  it('remembers the chosen tab for the session (per user)', async () => {
    render(BeheerFixture, { props: { status: status('admin', 'tabs@korenaar.example') } });
    await fireEvent.click(screen.getByRole('tab', { name: 'Autorisaties' }));
    cleanup();
    render(BeheerFixture, { props: { status: status('admin', 'tabs@korenaar.example') } });
    expect(screen.getByRole('tab', { name: 'Autorisaties' })).toHaveAttribute('aria-selected', 'true');
    cleanup();
    render(BeheerFixture, { props: { status: status('admin', 'other@korenaar.example') } });
    expect(screen.getByRole('tab', { name: 'Beheeracties' })).toHaveAttribute('aria-selected', 'true');
  });
});

describe('Beheer for anyone else', () => {
  it.each(['user', 'manager'] as const)('a %s sees only the passphrase card, no tabs', async (role) => {
    render(BeheerFixture, { props: { status: status(role) } });
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Wachtwoordzin wijzigen' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Automatisch vergrendelen na (minuten)')).toBeNull();
    expect(screen.queryByTestId('access-requests')).toBeNull();
    expect(m.accessRequests).not.toHaveBeenCalled();
    expect(m.users).not.toHaveBeenCalled();
    expect(screen.queryByTestId('arbo-panel')).toBeNull();
  });

  it('a privacy officer sees the Logboek and the passphrase card, nothing else', async () => {
    render(BeheerFixture, { props: { status: status('privacy') } });
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(await screen.findByRole('table', { name: /^Logboek/ })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Wachtwoordzin wijzigen' })).toBeInTheDocument();
    expect(m.logPage).toHaveBeenCalled();
    expect(m.accessRequests).not.toHaveBeenCalled();
    expect(m.users).not.toHaveBeenCalled();
    expect(screen.queryByTestId('arbo-panel')).toBeNull();
  });
});
