import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { AppError, type SyncReport } from '../../lib/api';
import type { AppState } from '../../lib/state/app.svelte';
import { locale } from '../../lib/state/locale.svelte';
import SyncFixture from './testing/SyncFixture.svelte';
import { fakeRuntime, fakeSync, NOT_LINKED, report, session, syncStatus } from './testing/fakes';

let runtime: ReturnType<typeof fakeRuntime> | null = null;
beforeEach(() => locale.set('nl'));
afterEach(() => {
  cleanup();
  runtime?.remove();
  runtime = null;
});

function setup(status = syncStatus(), role: 'admin' | 'user' = 'admin') {
  const fake = fakeSync(status);
  let app: AppState | undefined;
  render(SyncFixture, { props: { status: session(role), sync: fake.state, view: 'overview', onapp: (a: AppState) => (app = a) } });
  return { ...fake, app: () => app! };
}

describe('Synchronisatie page', () => {
  it('not linked: says so in words (grey dot) and sends an admin to Beheer → Arbodienst', async () => {
    const { app } = setup(NOT_LINKED);
    const overview = await screen.findByTestId('sync-overview');
    expect(within(overview).getByTestId('sync-dot')).toHaveTextContent('Geen arbodienst gekoppeld');
    expect(within(overview).getByTestId('sync-not-linked')).toHaveTextContent('Er is nog geen arbodienst gekoppeld.');
    expect(screen.queryByRole('button', { name: 'Nu synchroniseren' })).toBeNull();
    await fireEvent.click(within(overview).getByRole('button', { name: 'Naar Beheer → Arbodienst' }));
    expect(app().page).toBe('beheer');
  });

  it('not linked, for a user: who connects it, no button', async () => {
    setup(NOT_LINKED, 'user');
    const overview = await screen.findByTestId('sync-overview');
    expect(overview).toHaveTextContent('Een beheerder koppelt de arbodienst onder Beheer → Arbodienst.');
    expect(within(overview).queryByRole('button')).toBeNull();
  });

  it('never synced, with messages waiting: "Nog nooit gesynchroniseerd" and the count with a plural rule', async () => {
    setup(syncStatus({ pending: 3 }));
    expect(await screen.findByTestId('sync-last-success')).toHaveTextContent('Nog nooit gesynchroniseerd');
    expect(screen.getByTestId('sync-pending')).toHaveTextContent('3 berichten wachten op verzending');
    expect(screen.getByTestId('sync-dot')).toHaveTextContent('Wacht op verzending');
    expect(screen.queryByTestId('sync-rejected')).toBeNull();
    expect(screen.queryByTestId('sync-last-error')).toBeNull();
  });

  it('rule: one message is singular, none is said in words', async () => {
    setup(syncStatus({ pending: 1, rejected: 1 }));
    expect(await screen.findByTestId('sync-pending')).toHaveTextContent('1 bericht wacht op verzending');
    expect(screen.getByTestId('sync-rejected')).toHaveTextContent('1 bericht is door de arbodienst geweigerd');
    cleanup();
    setup(syncStatus({ lastSuccess: new Date().toISOString() }));
    expect(await screen.findByTestId('sync-pending')).toHaveTextContent('Er wachten geen berichten op verzending');
    expect(screen.getByTestId('sync-last-success')).toHaveTextContent(/^Laatst gesynchroniseerd om \d\d:\d\d$/);
    expect(screen.getByTestId('sync-dot')).toHaveTextContent('Gesynchroniseerd');
  });

  it('an error: the last error in plain words, refused messages, stale warning and the helpdesk', async () => {
    setup(syncStatus({ lastError: 'offline', lastAttempt: '2026-11-30T10:05:00Z', lastSuccess: '2026-11-28T10:00:00Z', pending: 4, rejected: 2, stale: true }));
    const err = await screen.findByTestId('sync-last-error');
    expect(err).toHaveTextContent('De arbodienst was niet bereikbaar.');
    expect(err).toHaveTextContent(/Laatste poging op 30 november 2026 om \d\d:05/);
    expect(err).toHaveTextContent('Servicedesk Arbo Noord · 030 123 45 67 · help@arbonoord.example');
    expect(screen.getByTestId('sync-rejected')).toHaveTextContent('2 berichten zijn door de arbodienst geweigerd');
    expect(screen.getByTestId('sync-stale')).toHaveTextContent('Er kon al meer dan 24 uur niets naar de arbodienst worden verstuurd.');
    expect(screen.getByTestId('sync-dot')).toHaveTextContent(/Niet gesynchroniseerd sinds 28 november 2026 \d\d:00/);
    expect(screen.getByTestId('sync-last-success')).toHaveTextContent(/Laatst gesynchroniseerd op 28 november 2026 om \d\d:00/);
  });

  it('Nu synchroniseren: disabled while running, progress from sync:progress as "x van y berichten", then the summary', async () => {
    runtime = fakeRuntime();
    const { source } = setup(syncStatus({ pending: 5 }));
    let finish: (r: SyncReport) => void = () => {};
    source.syncNow.mockImplementation(() => new Promise<SyncReport>((resolve) => (finish = resolve)));
    const button = await screen.findByRole('button', { name: 'Nu synchroniseren' });
    await fireEvent.click(button);
    expect(button).toBeDisabled();
    const progress = screen.getByTestId('sync-progress');
    expect(progress).toHaveAttribute('role', 'status');
    expect(progress).toHaveTextContent('Bezig met synchroniseren…');
    runtime.emit('sync:progress', { done: 2, total: 5 });
    await expect.poll(() => progress.textContent).toContain('2 van 5 berichten');
    expect(within(progress).getByRole('progressbar', { name: 'Voortgang van de synchronisatie' })).toHaveAttribute('value', '2');
    finish(report({ sent: 5, rejected: 1, retrievals: 2, ended: 1, status: syncStatus({ pending: 0, lastSuccess: new Date().toISOString() }) }));
    const summary = await screen.findByTestId('sync-report');
    expect(within(summary).getByRole('heading', { name: 'Synchronisatie klaar' })).toBeInTheDocument();
    expect(summary).toHaveTextContent(/Verstuurd\s*5/);
    expect(summary).toHaveTextContent(/Geweigerd\s*1/);
    expect(summary).toHaveTextContent(/Opvragingen beantwoord\s*2/);
    expect(summary).toHaveTextContent(/Delingen afgelopen\s*1/);
    expect(button).toBeEnabled();
    await expect.poll(() => document.activeElement).toBe(button);
    expect(progress).toHaveTextContent('');
    expect(screen.getByTestId('sync-pending')).toHaveTextContent('Er wachten geen berichten op verzending');
  });

  it('a failed run is shown in words and the status is read again', async () => {
    const { source } = setup(syncStatus({ pending: 2 }));
    source.syncNow.mockRejectedValue(new AppError('service_offline', 'english'));
    source.status.mockResolvedValue(syncStatus({ pending: 2, lastError: 'offline' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Nu synchroniseren' }));
    expect(await screen.findByTestId('sync-run-error')).toHaveTextContent('De arbodienst is niet bereikbaar');
    expect(await screen.findByTestId('sync-last-error')).toHaveTextContent('De arbodienst was niet bereikbaar.');
  });

  it('refreshes on the sync:status event of the background sync', async () => {
    runtime = fakeRuntime();
    setup(syncStatus({ pending: 3 }));
    expect(await screen.findByTestId('sync-pending')).toHaveTextContent('3 berichten');
    runtime.emit('sync:status', syncStatus({ pending: 0, lastError: 'certificate' }));
    await expect.poll(() => screen.getByTestId('sync-pending').textContent).toContain('Er wachten geen berichten');
    expect(screen.getByTestId('sync-last-error')).toHaveTextContent('Het certificaat van de arbodienst is niet het certificaat van de koppeling');
  });
});
