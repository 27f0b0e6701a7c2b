import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { AppError, type EraseResult, type RetentionList } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import RetentionPanel from './RetentionPanel.svelte';
import { RetentionModel, TYPED_CONFIRM_FROM } from './retention.svelte';

function listOf(n: number, blocked: Record<number, 'shared' | 'absence_open' | 'case_open'> = {}): RetentionList {
  return {
    entries: Array.from({ length: n }, (_, i) => ({
      employeeId: `e${i}`, persnr: String(i + 1).padStart(5, '0'), departmentPath: 'Utrecht/Magazijn', ended: '2023-06-30',
      blocked: blocked[i] ?? '',
    })),
    erased: 0,
    noticesWaiting: 0,
  };
}

const done = (erased: number): EraseResult => ({ erased, noticesWaiting: 0, notifyError: '', tookMs: 12 });

/** An erase that stays running until the test settles it. */
function pendingErase() {
  let resolve: (r: EraseResult) => void = () => {};
  let reject: (e: unknown) => void = () => {};
  const fn = vi.fn((_ids: string[]) => new Promise<EraseResult>((res, rej) => ((resolve = res), (reject = rej))));
  return { fn, resolve: (r: EraseResult) => resolve(r), reject: (e: unknown) => reject(e) };
}

beforeEach(() => locale.set('nl'));
afterEach(cleanup);

describe('RetentionModel', () => {
  it('rule: only employees that may be erased can be selected; "all" means all of those', async () => {
    const m = new RetentionModel({ load: async () => listOf(4, { 1: 'shared' }), erase: vi.fn() });
    await m.load();
    m.toggle('e1'); // blocked: a share is in force
    expect(m.selected).toEqual([]);
    m.selectAll();
    expect(m.selected).toEqual(['e0', 'e2', 'e3']);
    m.toggle('e2');
    expect(m.selected).toEqual(['e0', 'e3']);
    m.selectNone();
    expect(m.count).toBe(0);
  });

  it(`rule: from ${TYPED_CONFIRM_FROM} employees on the confirmation needs the number typed`, async () => {
    const erase = vi.fn(async (ids: string[]) => done(ids.length));
    const m = new RetentionModel({ load: async () => listOf(TYPED_CONFIRM_FROM), erase });
    await m.load();
    m.selectAll();
    m.open();
    expect(m.needsTyping).toBe(true);
    expect(m.canErase).toBe(false);
    await m.erase();
    expect(erase).not.toHaveBeenCalled();
    m.typed = String(TYPED_CONFIRM_FROM - 1);
    expect(m.canErase).toBe(false);
    m.typed = ` ${TYPED_CONFIRM_FROM} `;
    await m.erase();
    expect(erase).toHaveBeenCalledWith(listOf(TYPED_CONFIRM_FROM).entries.map((e) => e.employeeId));
    expect(m.step).toBe('done');
    expect(m.result?.erased).toBe(TYPED_CONFIRM_FROM);
    expect(m.selected).toEqual([]);
  });

  it('rule: a refusal erases nobody and names each refused persnr with its reason', async () => {
    const err = new AppError('not_erasable', 'x', {}, undefined, '', { persnr: ['00002'], reason: ['shared'] });
    const m = new RetentionModel({ load: async () => listOf(2), erase: vi.fn(async () => Promise.reject(err)) });
    await m.load();
    m.selectAll();
    m.open();
    await m.erase();
    expect(m.step).toBe('confirm');
    expect(m.error?.code).toBe('not_erasable');
    expect(m.refused).toEqual([{ persnr: '00002', reason: 'shared' }]);
  });
});

describe('RetentionPanel', () => {
  it('rule: the list is anonymised as the tree shows it, and the confirmation names the count before anything is erased', async () => {
    const erase = pendingErase();
    const load = vi.fn(async () => listOf(3, { 2: 'absence_open' }));
    const model = new RetentionModel({ load, erase: erase.fn });
    render(RetentionPanel, { props: { model } });
    const table = await screen.findByTestId('retention-table');
    const rows = within(table).getAllByTestId('retention-row');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('Anoniem (Persnr 00001)');
    expect(rows[0]).toHaveTextContent('30-06-2023');
    expect(rows[2]).toHaveTextContent('het verzuim is nog niet beëindigd');
    expect(within(rows[2]!).getByRole('checkbox')).toBeDisabled();
    expect(screen.getByTestId('retention-erase')).toBeDisabled();

    await fireEvent.click(within(rows[0]!).getByRole('checkbox', { name: 'Persnr 00001 kiezen' }));
    await fireEvent.click(within(rows[1]!).getByRole('checkbox'));
    expect(screen.getByTestId('retention-selected')).toHaveTextContent('2 medewerkers gekozen');
    await fireEvent.click(screen.getByTestId('retention-erase'));
    const dialog = await screen.findByTestId('erase-dialog');
    expect(dialog).toHaveTextContent('2 medewerkers wissen');
    expect(within(dialog).getByTestId('erase-body')).toHaveTextContent('Je wist de persoonsgegevens van 2 medewerkers definitief');
    expect(erase.fn).not.toHaveBeenCalled();

    await fireEvent.click(within(dialog).getByTestId('erase-confirm'));
    expect(erase.fn).toHaveBeenCalledWith(['e0', 'e1']);
    await screen.findByTestId('erase-running');
    model.onProgress({ phase: 'compact', done: 40, total: 100 });
    await waitFor(() => expect(screen.getByTestId('erase-phase')).toHaveTextContent('Oude versies uit de opslag verwijderen'));
    expect(screen.getByTestId('erase-running')).toHaveTextContent('40 van 100');
    // While it runs the dialog cannot be closed.
    expect(within(screen.getByTestId('erase-dialog')).queryByRole('button', { name: 'Sluiten' })).toBeNull();

    load.mockResolvedValue(listOf(1, { 0: 'absence_open' }));
    erase.resolve(done(2));
    expect(await screen.findByTestId('erase-done')).toHaveTextContent('2 medewerkers zijn gewist; er is niets van achtergebleven in de kluis.');
    // The title still names the count that was confirmed, though the selection is empty now.
    expect(screen.getByTestId('erase-dialog')).toHaveTextContent('2 medewerkers wissen');
    await fireEvent.click(screen.getByTestId('erase-close'));
    await waitFor(() => expect(screen.queryByTestId('erase-dialog')).toBeNull());
    expect(within(screen.getByTestId('retention-table')).getAllByTestId('retention-row')).toHaveLength(1);
  });

  it('rule: a refusal shows who could not be erased and why', async () => {
    const err = new AppError('not_erasable', 'x', {}, undefined, '', { persnr: ['00002'], reason: ['case_open'] });
    const model = new RetentionModel({ load: async () => listOf(2), erase: vi.fn(async () => Promise.reject(err)) });
    render(RetentionPanel, { props: { model } });
    await screen.findByTestId('retention-table');
    await fireEvent.click(screen.getByTestId('retention-select-all'));
    await fireEvent.click(screen.getByTestId('retention-erase'));
    await fireEvent.click(await screen.findByTestId('erase-confirm'));
    const error = await screen.findByTestId('erase-error');
    expect(error).toHaveTextContent('Niet elke gekozen medewerker mag al worden gewist; er is niets gewist.');
    expect(within(error).getByTestId('erase-refused')).toHaveTextContent('Persnr 00002: de arbodienst heeft een lopende zaak');
  });

  it('says how many were erased before and warns when notices wait for the arbo service (en)', async () => {
    locale.set('en');
    const model = new RetentionModel({ load: async () => ({ entries: [], erased: 7, noticesWaiting: 1 }), erase: vi.fn() });
    render(RetentionPanel, { props: { model } });
    expect(await screen.findByTestId('retention-erased')).toHaveTextContent('Erased before: 7 employees');
    expect(screen.getByTestId('retention-notices')).toHaveTextContent('1 erasure notice still waits for the arbo service');
    expect(screen.getByText('Nobody left more than two years ago.')).toBeInTheDocument();
  });
});
