import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { AppError, type LogPage, type LogQuery, type LogRow } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import LogbookPanel from './LogbookPanel.svelte';
import { Logbook, type LogbookSource } from './logbook.svelte';
import { actionLabel, statusLine } from './display';

beforeEach(() => locale.set('nl'));
afterEach(cleanup);

function row(seq: number, over: Partial<LogRow> = {}): LogRow {
  return {
    seq, at: '2026-12-01T09:30:00Z', user: 'aaaaaaaa11112222', userName: 'Petra Beheer', action: 'identity.read',
    detail: '', count: 1, device: '',
    subjects: [{ kind: 'employee', persnr: '00042', department: 'Utrecht/Magazijn', label: 'Anoniem (Persnr 00042)', named: false }],
    ...over,
  };
}

function fake(pages: LogPage[], over: Partial<LogbookSource> = {}) {
  const queries: LogQuery[] = [];
  const source: LogbookSource = {
    page: vi.fn(async (q: LogQuery) => {
      queries.push(q);
      return pages.shift() ?? { rows: [], next: 0, scanned: 0, unreadable: 0 };
    }),
    users: vi.fn(async () => [{ id: 'u1', name: 'Petra Beheer', email: 'petra@korenaar.example' }]),
    status: vi.fn(async () => ({ head: 48213, checked: 48000, checkedAt: '2026-12-01T08:00:00Z', issue: '', gaps: [] })),
    check: vi.fn(async () => ({ entries: 48213, problems: [] })),
    exportLog: vi.fn(async () => '/home/petra/Logboek-2026-12-02.csv'),
    ...over,
  };
  return { source, queries, model: new Logbook(source) };
}

describe('Beheer → Logboek', () => {
  it('shows a real table with a caption, newest first, employees by persnr and department', async () => {
    const { model } = fake([{ rows: [row(9), row(7, { action: 'share.create', detail: 'sick-report' })], next: 0, scanned: 2, unreadable: 0 }]);
    render(LogbookPanel, { props: { model } });
    const table = await screen.findByRole('table', { name: 'Logboek: wie deed of zag wat, nieuwste eerst' });
    const rows = await within(table).findAllByRole('row');
    expect(rows).toHaveLength(3); // header and two events
    expect(within(rows[1]!).getByText('NAW-gegevens ingezien')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Anoniem (Persnr 00042), Utrecht/Magazijn')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Dossier gedeeld')).toBeInTheDocument();
    expect(screen.getByText('Einde van het logboek.')).toBeInTheDocument();
  });

  it('rule: a PC whose announced audit entries did not arrive is named above the table, with how many; a complete log names none', async () => {
    const { model } = fake([{ rows: [row(9)], next: 0, scanned: 1, unreadable: 0 }], {
      status: vi.fn(async () => ({
        head: 10,
        checked: 10,
        checkedAt: '2026-12-01T08:00:00Z',
        issue: '',
        gaps: [{ device: 'PC 4730-FE', missing: 3, since: '2026-12-03T09:00:00Z' }],
      })),
    });
    render(LogbookPanel, { props: { model } });
    const gap = await screen.findByTestId('logbook-gap');
    expect(gap).toHaveTextContent('Logboek onvolledig: PC 4730-FE meldde 3 regel(s) die hier niet zijn aangekomen');
    cleanup();
    const complete = fake([{ rows: [row(9)], next: 0, scanned: 1, unreadable: 0 }]);
    render(LogbookPanel, { props: { model: complete.model } });
    await screen.findByRole('table', { name: 'Logboek: wie deed of zag wat, nieuwste eerst' });
    expect(screen.queryByTestId('logbook-gap')).toBeNull();
  });

  it("rule: another PC's event with this PC's number is its own row, tagged with that PC's label", async () => {
    const { model } = fake([{ rows: [row(9, { device: '1a2b3c4d' }), row(9)], next: 0, scanned: 2, unreadable: 0 }]);
    render(LogbookPanel, { props: { model } });
    const table = await screen.findByRole('table', { name: 'Logboek: wie deed of zag wat, nieuwste eerst' });
    const rows = await within(table).findAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('op pc 1a2b3c4d')).toBeInTheDocument();
    expect(within(rows[2]!).queryByText(/op pc/)).toBeNull();
  });

  it('rule: an action code the window does not know is shown as the code', () => {
    expect(actionLabel('erasure.run')).toBe('erasure.run');
    expect(actionLabel('unlock.failed')).toBe('Mislukte ontgrendeling');
  });

  it('the status line names the count and the last check, the intact chain after a check, or the damage', async () => {
    const { model, source } = fake([]);
    render(LogbookPanel, { props: { model } });
    const status = await screen.findByTestId('logbook-status');
    await vi.waitFor(() => expect(status).toHaveTextContent(/Logboek: 48\.213 regels, laatst gecontroleerd \d\d-12-2026/));
    await fireEvent.click(within(status).getByRole('button', { name: 'Nu controleren' }));
    await vi.waitFor(() => expect(status).toHaveTextContent(/^Logboek intact, 48\.213 regels, gecontroleerd/));
    expect(source.check).toHaveBeenCalledOnce();
    expect(statusLine(null, { entries: 5, problems: ['entry 3 is damaged'] }, new Date())).toBe('Logboek beschadigd: entry 3 is damaged');
  });

  it('filters go to the backend as one query; "Oudere regels laden" continues from next', async () => {
    const { model, queries } = fake([
      { rows: [row(9)], next: 9, scanned: 1, unreadable: 0 },
      { rows: [row(3)], next: 9, scanned: 1, unreadable: 0 },
      { rows: [row(2)], next: 0, scanned: 1, unreadable: 0 },
    ]);
    render(LogbookPanel, { props: { model } });
    await screen.findByText('Oudere regels laden');
    const form = screen.getByTestId('logbook-filter');
    await fireEvent.change(within(form).getByLabelText('Gebruiker'), { target: { value: 'u1' } });
    await fireEvent.input(within(form).getByLabelText('Medewerker (persnr)'), { target: { value: ' 00042 ' } });
    await fireEvent.change(within(form).getByLabelText('Actie'), { target: { value: 'share.retrieval' } });
    await fireEvent.input(within(form).getByLabelText('Van'), { target: { value: '2026-11-01' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Toepassen' }));
    await vi.waitFor(() => expect(queries).toHaveLength(2));
    expect(queries[1]).toEqual({ user: 'u1', persnr: '00042', actions: ['share.retrieval'], from: '2026-11-01', to: '', before: 0, limit: 50 });
    await fireEvent.click(await screen.findByRole('button', { name: 'Oudere regels laden' }));
    await vi.waitFor(() => expect(queries).toHaveLength(3));
    expect(queries[2]!.before).toBe(9);
    expect(queries[2]!.actions).toEqual(['share.retrieval']);
  });

  it('exports the applied filter as CSV and PDF in the window language and names where it went', async () => {
    const { model, source } = fake([]);
    render(LogbookPanel, { props: { model } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Exporteer CSV' }));
    expect(await screen.findByText('Opgeslagen: /home/petra/Logboek-2026-12-02.csv')).toBeInTheDocument();
    expect(source.exportLog).toHaveBeenCalledWith(expect.objectContaining({ before: 0 }), 'csv', 'nl');
    source.exportLog = vi.fn(async () => {
      throw new AppError('log_extract_too_large', 'too large');
    });
    model.exported = '';
    await fireEvent.click(screen.getByRole('button', { name: 'Exporteer PDF' }));
    expect(await screen.findByText(/te veel gebeurtenissen voor één uittreksel/)).toBeInTheDocument();
  });
});
