import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import type { Status } from '../../lib/api';
import type { InterruptedImport } from '../../lib/api';
import type { Attention } from '../../lib/api/attention';
import type { AppState } from '../../lib/state/app.svelte';
import { locale } from '../../lib/state/locale.svelte';
import ActueelFixture from './testing/ActueelFixture.svelte';
import type { SyncStatus } from '../../lib/api';
import { fakeSync, NOT_LINKED, syncStatus } from '../sync/testing/fakes';
import { BEHEER_TABS, rememberedTab } from './beheer-tab';

const admin: Status = {
  state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
  user: { name: 'Petra de Beheerder', email: 'petra@korenaar.example', role: 'admin' },
};

const nothing: Attention = { openAbsences: [], pendingSync: 0, accessRequests: 0, retentionDue: 0 };

function start(data: Attention, interrupted: InterruptedImport[] = []): AppState {
  let app: AppState | undefined;
  render(ActueelFixture, {
    props: { status: admin, load: async () => data, loadInterrupted: async () => interrupted, onapp: (a: AppState) => (app = a) },
  });
  return app!;
}

beforeEach(() => locale.set('nl'));
afterEach(cleanup);

describe('Actueel', () => {
  it('rule: open absences show the week and the next Poortwachter step with its deadline and a status as a dot with words, late first', async () => {
    const app = start({
      openAbsences: [
        // The backend lists late first; the page keeps its order.
        { employeeId: 'e1', label: 'Jan de Vries', persnr: '00042', departmentPath: 'Utrecht/Magazijn', firstSickDay: '2026-09-01',
          week: 12, nextMilestone: 'report-to-uwv', milestoneWeek: 42, status: 'late', nextStep: 'report-to-arbo',
          nextDeadline: '2026-09-07', nextStatus: 'late', lateSteps: 3, poortwachter: 'Plan van aanpak in bespreking' },
        { employeeId: 'e2', label: 'Anna Bakker', persnr: '00043', departmentPath: 'Zeist', firstSickDay: '2026-11-20',
          week: 1, nextMilestone: 'report-to-arbo', milestoneWeek: 1, status: 'due', nextStep: 'report-to-arbo',
          nextDeadline: '2026-11-26', nextStatus: 'due', lateSteps: 0, poortwachter: '' },
        { employeeId: 'e3', label: 'Piet Smit', persnr: '00044', departmentPath: 'Zeist', firstSickDay: '2026-11-10',
          week: 2, nextMilestone: 'problem-analysis', milestoneWeek: 6, status: 'upcoming', nextStep: 'problem-analysis',
          nextDeadline: '2026-12-21', nextStatus: 'upcoming', lateSteps: 0, poortwachter: '' },
      ],
      pendingSync: 3, accessRequests: 1, retentionDue: 51,
      requests: [{ name: 'Noor Nieuw', requested: new Date(Date.now() - 3 * 24 * 3600 * 1000).toISOString() }],
    });
    const absences = await screen.findByTestId('actueel-absences');
    expect(absences).toHaveTextContent('3 open ziekmeldingen');
    // Each waiting access request says how long it has waited (issue 18).
    expect(screen.getByTestId('actueel-request-ages')).toHaveTextContent('Noor Nieuw, aangevraagd 3 dagen geleden');
    const items = within(absences).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('Ziek sinds 01-09-2026 · week 12');
    expect(items[0]).toHaveTextContent('Ziekmelding bij de arbodienst, uiterlijk 07-09-2026');
    expect(items[0]).toHaveTextContent('3 stappen te laat');
    expect(within(items[0]!).getByTestId('absence-status')).toHaveTextContent('Te laat');
    expect(within(items[0]!).getByTestId('absence-status')).toHaveAttribute('data-tone', 'late');
    expect(within(items[1]!).getByTestId('absence-status')).toHaveTextContent('Binnenkort');
    expect(within(items[2]!).getByTestId('absence-status')).toHaveTextContent('Op schema');
    expect(items[2]).not.toHaveTextContent('te laat');
    // The step the arbo service reports is shown where there is one.
    expect(within(items[0]!).getByTestId('absence-service-step')).toHaveTextContent('Arbodienst: Plan van aanpak in bespreking');
    expect(within(items[1]!).queryByTestId('absence-service-step')).toBeNull();
    expect(screen.getByTestId('actueel-sync')).toHaveTextContent('3 berichten wachten op verzending naar de arbodienst.');
    expect(screen.getByTestId('actueel-requests')).toHaveTextContent('1 aanvraag wacht op je akkoord.');
    const retention = screen.getByTestId('actueel-retention');
    // Rule (issue 15): one count with a way to the full list, not a row per employee.
    expect(retention).toHaveTextContent('51 medewerkers zijn langer dan twee jaar uit dienst.');
    expect(within(retention).queryAllByRole('listitem')).toHaveLength(0);
    await fireEvent.click(within(items[0]!).getByRole('button', { name: 'Open Jan de Vries bij Medewerkers' }));
    expect(app.page).toBe('medewerkers');
    expect(app.pendingEmployee).toBe('e1');
    await fireEvent.click(within(retention).getByRole('button', { name: 'Bekijken en wissen' }));
    expect(app.page).toBe('beheer');
    expect(rememberedTab('petra@korenaar.example', BEHEER_TABS)).toBe('retention');
  });

  it('rule: an unshared employee on Actueel is labelled in the window\'s language, never Go\'s Dutch label', async () => {
    locale.set('en');
    start({
      openAbsences: [
        { employeeId: 'e1', label: '', persnr: '00042', departmentPath: 'Utrecht/Magazijn', firstSickDay: '2026-11-20',
          week: 2, nextMilestone: 'problem-analysis', milestoneWeek: 6, status: 'upcoming', nextStep: 'problem-analysis',
          nextDeadline: '2026-12-31', nextStatus: 'upcoming', lateSteps: 0, poortwachter: '' },
      ],
      pendingSync: 0, accessRequests: 0, retentionDue: 0,
    });
    const absences = await screen.findByTestId('actueel-absences');
    expect(absences).toHaveTextContent('Anonymous (staff no. 00042)');
    expect(absences).not.toHaveTextContent('Persnr');
  });

  it('with nothing to do it says so', async () => {
    start(nothing);
    expect(await screen.findByText('Er vraagt nu niets je aandacht')).toBeInTheDocument();
  });

  it('rule: an import the unlock undid is listed with employer, start and rows, and "Opnieuw importeren" opens the import', async () => {
    const app = start(nothing, [{ employer: 'Bakkerij De Korenaar BV', started: '2026-11-03T13:05:00Z', rows: 412, undone: true }]);
    const notice = await screen.findByTestId('import-interrupted-undone');
    expect(notice).toHaveAttribute('role', 'status');
    expect(notice).toHaveTextContent('Een onderbroken import is ongedaan gemaakt');
    expect(notice).toHaveTextContent(/De import voor Bakkerij De Korenaar BV van 3 november 2026 om \d\d:05 \(412 regels\) werd onderbroken/);
    expect(notice).toHaveTextContent('Er staat niets van in de kluis. Importeer het bestand opnieuw.');
    expect(screen.queryByText('Er vraagt nu niets je aandacht')).not.toBeInTheDocument();
    await fireEvent.click(within(notice).getByRole('button', { name: 'Opnieuw importeren' }));
    expect(app.page).toBe('medewerkers');
    expect(app.pendingImport).toBe(true);
  });

  it('rule: an interrupted import that had finished says "was al voltooid" without an action', async () => {
    start(nothing, [{ employer: 'Bakkerij De Korenaar BV', started: '2026-11-03T13:05:00Z', rows: 1, undone: false }]);
    const notice = await screen.findByTestId('import-interrupted-done');
    expect(notice).toHaveTextContent('(1 regel) was al voltooid toen Kluis werd onderbroken');
    expect(within(notice).queryByRole('button')).not.toBeInTheDocument();
  });
});

describe('Actueel: the sync status dot', () => {
  function withSync(s: SyncStatus, st: Status = admin): AppState {
    let app: AppState | undefined;
    render(ActueelFixture, {
      props: { status: st, load: async () => nothing, sync: fakeSync(s).state, onapp: (a: AppState) => (app = a) },
    });
    return app!;
  }

  it.each([
    ['ok', syncStatus(), 'Gesynchroniseerd'],
    ['pending', syncStatus({ pending: 2 }), 'Wacht op verzending'],
    ['none', NOT_LINKED, 'Geen arbodienst gekoppeld'],
    ['stale', syncStatus({ pending: 2, stale: true, lastSuccess: '2026-11-28T10:00:00Z' }), 'Niet gesynchroniseerd sinds 28 november 2026'],
    ['stale', syncStatus({ stale: true }), 'Nog nooit gesynchroniseerd'],
  ] as const)('rule: tone %s has words, not only a colour', async (tone, s, words) => {
    withSync(s);
    const dot = await screen.findByTestId('actueel-sync-dot');
    expect(dot).toHaveAttribute('data-tone', tone);
    expect(dot).toHaveTextContent(words);
  });

  it('links to the Synchronisatie page', async () => {
    const app = withSync(syncStatus({ pending: 1 }));
    const line = await screen.findByTestId('actueel-sync-status');
    expect(line).toHaveAccessibleName('Synchronisatie met de arbodienst');
    await fireEvent.click(within(line).getByRole('button', { name: 'Synchronisatie bekijken' }));
    expect(app.page).toBe('synchronisatie');
  });

  it('rule: admins see the retrievals by the arbo service this month; others do not', async () => {
    withSync(syncStatus({ retrievalsThisMonth: 3 }));
    expect(await screen.findByTestId('actueel-retrievals')).toHaveTextContent('Opvragingen door de arbodienst deze maand: 3');
    cleanup();
    withSync(syncStatus({ retrievalsThisMonth: 0 }));
    expect(await screen.findByTestId('actueel-retrievals')).toHaveTextContent('deze maand: 0');
    cleanup();
    withSync(syncStatus({ retrievalsThisMonth: -1 }), { ...admin, user: { ...admin.user!, role: 'user' } });
    await screen.findByTestId('actueel-sync-dot');
    expect(screen.queryByTestId('actueel-retrievals')).toBeNull();
  });
});
