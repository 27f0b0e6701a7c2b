import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return { ...orig, dossier: vi.fn(), share: vi.fn(), syncStatus: vi.fn() };
});

import * as api from '../../lib/api';
import type { DossierView, HistoryLine } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import { NOT_LINKED, syncStatus } from '../sync/testing/fakes';
import SharePanel from './SharePanel.svelte';

const m = vi.mocked(api);

const line = (over: Partial<HistoryLine>): HistoryLine => ({
  kind: 'shared', at: '2026-11-20T10:00:00Z', by: 'Petra de Vries', careQuestion: 'sick-report', explanation: '', until: '', reason: '', ...over,
});

const SHARED: DossierView = {
  shared: true, share: { careQuestion: 'sick-report', since: '2026-11-20T10:00:00Z', until: '' },
  caseContent: false, caseClosed: false, poortwachter: '', pending: 0, canRevoke: true, history: [line({})], absence: null, employmentEnded: false,
};
const UNSHARED: DossierView = { ...SHARED, shared: false, share: null, canRevoke: false, history: [] };

beforeEach(() => {
  locale.set('nl');
  vi.clearAllMocks();
});
afterEach(cleanup);

async function setup(view: DossierView) {
  m.dossier.mockResolvedValue(view);
  render(SharePanel, { props: { employeeId: 'e1', label: 'Jan de Vries' } });
  await screen.findByTestId('share-status');
  return within(screen.getByTestId('share-panel'));
}

describe('SharePanel: what has reached the arbo service (#17 item 6)', () => {
  it('rule: while messages wait it never says "gedeeld met"; it says why (no arbo service connected)', async () => {
    m.syncStatus.mockResolvedValue(NOT_LINKED);
    const panel = await setup({ ...SHARED, pending: 1 });
    const delivery = panel.getByTestId('share-delivery');
    expect(delivery).toHaveTextContent('Gedeeld; wacht op verzending naar de arbodienst');
    await expect.poll(() => panel.getByTestId('share-delivery-why').textContent).toBe('Er is nog geen arbodienst gekoppeld.');
    expect(screen.getByTestId('share-panel')).not.toHaveTextContent(/gedeeld met/i);
  });

  it('rule: waiting because the linked service is offline names the service and the reason', async () => {
    m.syncStatus.mockResolvedValue(syncStatus({ lastError: 'offline', pending: 4 }));
    const panel = await setup({ ...SHARED, pending: 2 });
    await expect.poll(() => panel.getByTestId('share-delivery').textContent).toContain('Gedeeld; wacht op verzending naar Arbo Noord');
    expect(panel.getByTestId('share-delivery-why')).toHaveTextContent('De arbodienst was niet bereikbaar.');
  });

  it('waiting without an error: sent at the next synchronisation', async () => {
    m.syncStatus.mockResolvedValue(syncStatus({ pending: 1 }));
    const panel = await setup({ ...SHARED, pending: 1 });
    await expect.poll(() => panel.getByTestId('share-delivery-why').textContent).toBe('Kluis verstuurt het bij de volgende synchronisatie.');
  });

  it('rule: once acknowledged (pending 0) it says "Gedeeld met <arbodienst>"', async () => {
    m.syncStatus.mockResolvedValue(syncStatus());
    const panel = await setup(SHARED);
    await expect.poll(() => panel.getByTestId('share-delivery').textContent).toBe('Gedeeld met Arbo Noord');
    expect(panel.queryByTestId('share-delivery-why')).toBeNull();
  });

  it('a revocation waiting to be sent says that changes wait', async () => {
    m.syncStatus.mockResolvedValue(NOT_LINKED);
    const panel = await setup({ ...UNSHARED, pending: 1 });
    expect(panel.getByTestId('share-delivery')).toHaveTextContent('Wijzigingen wachten op verzending naar de arbodienst');
  });

  it("shows the service's Poortwachter step and a closed case", async () => {
    m.syncStatus.mockResolvedValue(syncStatus());
    const panel = await setup({ ...SHARED, poortwachter: 'Plan van aanpak opgesteld', caseClosed: true });
    await expect.poll(() => panel.getByTestId('share-poortwachter').textContent).toBe(
      'Poortwachter-stap volgens Arbo Noord: Plan van aanpak opgesteld',
    );
    expect(panel.getByTestId('share-case-closed')).toHaveTextContent('Het traject is afgesloten door Arbo Noord.');
  });

  it('rule: an ended share says why: end date reached or case closed', async () => {
    m.syncStatus.mockResolvedValue(syncStatus());
    const panel = await setup({
      ...UNSHARED,
      history: [
        line({ kind: 'ended', at: '2026-12-01T00:05:00Z', by: '', careQuestion: '', reason: 'case-closed' }),
        line({ kind: 'ended', at: '2026-11-01T00:05:00Z', by: '', careQuestion: '', reason: 'until' }),
      ],
    });
    const items = within(panel.getByTestId('share-history')).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Deling afgelopen op 01-12-2026');
    expect(items[0]).toHaveTextContent('De medewerker is hersteld en de arbodienst heeft het traject afgesloten.');
    expect(items[1]).toHaveTextContent('De einddatum van de deling is bereikt.');
  });

  it('rule: right after sharing, the notice says it waits to be sent, and the dialog names the service', async () => {
    m.syncStatus.mockResolvedValue(syncStatus({ serviceName: 'Arbo Noord' }));
    const panel = await setup(UNSHARED);
    await fireEvent.click(panel.getByRole('button', { name: 'Dossier delen' }));
    const dialog = within(screen.getByTestId('share-dialog'));
    expect(await dialog.findByRole('heading', { name: 'Delen met Arbo Noord' })).toBeInTheDocument();
    m.share.mockResolvedValue({ ...SHARED, pending: 1 });
    await fireEvent.click(dialog.getByRole('radio', { name: 'Ziekmelding' }));
    await fireEvent.input(dialog.getByRole('textbox', { name: 'Toelichting' }), { target: { value: 'Ziek gemeld.' } });
    await fireEvent.click(dialog.getByRole('checkbox'));
    await fireEvent.click(dialog.getByRole('button', { name: 'Delen' }));
    expect(await panel.findByText('Het dossier is gedeeld. Het wacht op verzending naar Arbo Noord.')).toBeInTheDocument();
    expect(screen.getByTestId('share-panel')).not.toHaveTextContent('Het dossier is gedeeld met de arbodienst.');
  });

  it('the share dialog falls back to "de arbodienst" when none is linked', async () => {
    m.syncStatus.mockResolvedValue(NOT_LINKED);
    const panel = await setup(UNSHARED);
    await fireEvent.click(panel.getByRole('button', { name: 'Dossier delen' }));
    expect(await within(screen.getByTestId('share-dialog')).findByRole('heading', { name: 'Delen met de arbodienst' })).toBeInTheDocument();
  });
});

describe('SharePanel follows the sync', () => {
  it('rule: after a sync cycle (sync:status) the waiting dossier is read again and then says "Gedeeld met"', async () => {
    const { fakeRuntime } = await import('../sync/testing/fakes');
    const runtime = fakeRuntime();
    try {
      m.syncStatus.mockResolvedValue(syncStatus({ pending: 1 }));
      const panel = await setup({ ...SHARED, pending: 1 });
      await expect.poll(() => panel.getByTestId('share-delivery-why').textContent).toBe('Kluis verstuurt het bij de volgende synchronisatie.');
      expect(m.dossier).toHaveBeenCalledTimes(1);
      m.dossier.mockResolvedValue(SHARED);
      runtime.emit('sync:status', syncStatus({ lastAttempt: '2026-12-01T10:00:00Z', lastSuccess: '2026-12-01T10:00:00Z' }));
      await expect.poll(() => panel.getByTestId('share-delivery').textContent).toBe('Gedeeld met Arbo Noord');
      expect(m.dossier).toHaveBeenCalledTimes(2);
    } finally {
      runtime.remove();
    }
  });
});
