import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../../lib/api';
import { AppError } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import { ImportFlow, SKIP, UNSET, groupProblems, mappingOf, samplesOf } from './import-flow.svelte';
import { detectedLine, problemText, summary } from './labels';
import { FIELDS, LAYOUTS, PATH, report } from './test-helpers';

vi.mock('../../lib/api', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../lib/api')>();
  return {
    ...orig,
    chooseImportFile: vi.fn(),
    importFields: vi.fn(),
    checkImport: vi.fn(),
    commitImport: vi.fn(),
    cancelImport: vi.fn(),
    saveImportTemplate: vi.fn(),
    interruptedImports: vi.fn(),
    importLayouts: vi.fn(),
    onEvent: vi.fn(() => () => {}),
  };
});

const m = vi.mocked(api);

async function checkedFlow(first = report(), employer = ''): Promise<ImportFlow> {
  const flow = new ImportFlow(() => employer);
  m.chooseImportFile.mockResolvedValue(PATH);
  m.checkImport.mockResolvedValueOnce(first);
  await flow.load();
  await flow.choose();
  return flow;
}

beforeEach(() => {
  locale.set('nl');
  m.importFields.mockResolvedValue(FIELDS);
  m.interruptedImports.mockResolvedValue([]);
  m.importLayouts.mockResolvedValue(LAYOUTS);
  m.cancelImport.mockResolvedValue();
});

afterEach(() => {
  vi.clearAllMocks();
});

describe('mapping sent as {header: field|"-"}', () => {
  it('mappingOf sends every chosen header, "niet importeren" as "-"', () => {
    expect(mappingOf(['Persnr', 'Salaris', 'Naam'], ['persnr', SKIP, 'achternaam'])).toEqual({
      Persnr: 'persnr',
      Salaris: '-',
      Naam: 'achternaam',
    });
  });

  it('rule: a column nobody chose a field for is never sent as "niet importeren" (issue 17, item 10)', () => {
    expect(mappingOf(['Persnr', 'Loonheffing'], ['persnr', UNSET])).toEqual({ Persnr: 'persnr' });
  });

  it('rule: rechecking after mapping another column keeps an unmapped column with data unchosen, so its problem stays', async () => {
    const withExtra = report({ columns: [...report().columns, { header: 'Loonheffing', field: '' }] });
    const flow = await checkedFlow(withExtra);
    m.checkImport.mockResolvedValue(withExtra);
    expect(flow.selection[5]).toBe(UNSET);
    flow.select(1, 'achternaam');
    await flow.recheckMapping();
    const sent = m.checkImport.mock.lastCall![0].mapping;
    expect(sent).not.toHaveProperty('Loonheffing');
    // Only the explicit choice sends it as left out, and the next report keeps that choice.
    flow.select(5, SKIP);
    expect(flow.dirty).toBe(true);
    await flow.recheckMapping();
    expect(m.checkImport.mock.lastCall![0].mapping).toMatchObject({ Loonheffing: '-' });
    expect(flow.selection[5]).toBe(SKIP);
    expect(flow.dirty).toBe(false);
  });

  it('the first check sends an empty mapping and the employer', async () => {
    await checkedFlow(report(), 'emp-1');
    expect(m.checkImport).toHaveBeenCalledWith({ path: PATH, employer: 'emp-1', mapping: {}, layout: '' });
  });

  it('step 2 recheck sends the edited mapping; a later recheck and the commit keep it', async () => {
    const flow = await checkedFlow();
    flow.select(4, SKIP);
    flow.select(1, 'achternaam');
    m.checkImport.mockResolvedValue(report({ columns: [...report().columns.slice(0, 4), { header: 'Sofinummer', field: '' }] }));
    await flow.recheckMapping();
    const sent = { Persnr: 'persnr', Naam: 'achternaam', Afdeling: 'afdeling', Begindatum: 'datum_in_dienst', Sofinummer: '-' };
    expect(m.checkImport).toHaveBeenLastCalledWith({ path: PATH, employer: '', mapping: sent, layout: '' });
    await flow.recheck();
    expect(m.checkImport).toHaveBeenLastCalledWith({ path: PATH, employer: '', mapping: sent, layout: '' });
    m.commitImport.mockResolvedValue(report({ written: true }));
    await flow.commit();
    expect(m.commitImport).toHaveBeenCalledWith({ path: PATH, employer: '', mapping: sent, layout: '' });
  });

  it('a recheck without an edited mapping lets the backend detect the columns again', async () => {
    const flow = await checkedFlow();
    m.checkImport.mockResolvedValue(report());
    await flow.recheck();
    expect(m.checkImport).toHaveBeenLastCalledWith({ path: PATH, employer: '', mapping: {}, layout: '' });
  });
});

describe('payroll layout', () => {
  it('shows the detected layout until the user chooses; an explicit "automatic" stays automatic', async () => {
    const flow = await checkedFlow();
    expect(flow.layouts.map((l) => l.name)).toEqual(['kluis', 'nmbrs', 'afas', 'loket', 'raet', 'exact']);
    expect(flow.layout).toBe('nmbrs');
    expect(flow.dirty).toBe(false);
    flow.chooseLayout('nmbrs');
    expect(flow.dirty).toBe(false); // the detected layout anyway
    flow.chooseLayout('');
    expect(flow.layout).toBe('');
    expect(flow.dirty).toBe(false);
    flow.chooseLayout('afas');
    expect(flow.dirty).toBe(true);
    expect(flow.canImport).toBe(false);
  });

  it('a layout with an edited mapping sends both, and the commit keeps them', async () => {
    const flow = await checkedFlow();
    flow.select(4, SKIP);
    flow.chooseLayout('exact');
    m.checkImport.mockResolvedValue(report({ layout: 'exact', columns: [...report().columns.slice(0, 4), { header: 'Sofinummer', field: '' }] }));
    await flow.recheckMapping();
    const sent = { Persnr: 'persnr', Naam: 'achternaam', Afdeling: 'afdeling', Begindatum: 'datum_in_dienst', Sofinummer: '-' };
    expect(m.checkImport).toHaveBeenLastCalledWith({ path: PATH, employer: '', mapping: sent, layout: 'exact' });
    expect(flow.dirty).toBe(false);
    m.commitImport.mockResolvedValue(report({ written: true }));
    await flow.commit();
    expect(m.commitImport).toHaveBeenCalledWith({ path: PATH, employer: '', mapping: sent, layout: 'exact' });
  });

  it('another file detects its layout again', async () => {
    const flow = await checkedFlow();
    flow.chooseLayout('afas');
    m.checkImport.mockResolvedValueOnce(report({ layout: 'loket' }));
    await flow.choose();
    expect(m.checkImport).toHaveBeenLastCalledWith({ path: PATH, employer: '', mapping: {}, layout: '' });
    expect(flow.layout).toBe('loket');
  });

  it('ambiguous_code problems ask for the layout', async () => {
    const flow = await checkedFlow(report({ problems: [{ line: 2, column: 'naamgebruik', code: 'ambiguous_code', params: {}, message: '' }], problemCount: 1 }));
    expect(flow.ambiguous).toBe(true);
    expect((await checkedFlow()).ambiguous).toBe(false);
  });

  it('a failing layout list is not fatal', async () => {
    m.importLayouts.mockRejectedValueOnce(new AppError('internal', 'x'));
    const flow = new ImportFlow(() => '');
    await flow.load();
    expect(flow.layouts).toEqual([]);
    expect(flow.error).toBeNull();
  });
});

describe('mapping step', () => {
  it('is shown when a required field is missing or a column is unmapped', async () => {
    const flow = await checkedFlow(report({ columns: [{ header: 'Salaris', field: '' }, ...report().columns] }));
    expect(flow.step).toBe(2);
    const clean = await checkedFlow();
    expect(clean.step).toBe(3);
  });

  it('warns about two columns on one field and about missing required fields', async () => {
    const flow = await checkedFlow();
    flow.select(4, 'achternaam');
    expect(flow.duplicates).toEqual([{ field: 'achternaam', headers: ['Naam', 'Sofinummer'] }]);
    flow.select(2, SKIP);
    expect(flow.missingRequired).toEqual(['afdeling']);
    expect(flow.dirty).toBe(true);
  });

  it('samples show at most three non-empty values, long ones cut', () => {
    const s = samplesOf([['a'], [''], ['b'], ['c'], ['d']], 0);
    expect(s).toEqual(['a', 'b', 'c']);
    expect(samplesOf([['x'.repeat(50)]], 0)[0]).toHaveLength(32);
  });
});

describe('import button disabled while problems exist', () => {
  it('problems, a missing field, a stale mapping or nothing to change all block the import', async () => {
    const problem = { line: 3, column: 'bsn', code: 'bsn_elfproef', params: {}, message: 'line 3, column bsn: fails the elfproef' };
    expect((await checkedFlow(report({ problems: [problem], problemCount: 1 }))).canImport).toBe(false);
    expect((await checkedFlow(report({ missing: ['afdeling'] }))).canImport).toBe(false);
    expect((await checkedFlow(report({ new: 0, departmentsCreated: 0, unchanged: 2 }))).canImport).toBe(false);
    const flow = await checkedFlow();
    expect(flow.canImport).toBe(true);
    flow.select(4, '');
    expect(flow.canImport).toBe(false);
  });

  it('commit does nothing while the import is blocked', async () => {
    const flow = await checkedFlow(report({ problems: [{ line: 2, column: '', code: 'ragged_row', params: {}, message: 'x' }], problemCount: 1 }));
    await flow.commit();
    expect(m.commitImport).not.toHaveBeenCalled();
  });
});

describe('problems translated with line and column', () => {
  it('reader codes, validation codes and unknown codes', () => {
    expect(problemText({ line: 12, column: 'bsn', code: 'bsn_elfproef', params: {}, message: '' })).toBe(
      'Regel 12 · Kolom BSN: Dit BSN klopt niet (elfproef). Controleer de cijfers.',
    );
    expect(problemText({ line: 4, column: '', code: 'ragged_row', params: {}, message: '' })).toBe(
      'Regel 4: Deze regel heeft meer of minder velden dan de kopregel.',
    );
    expect(problemText({ line: 1, column: 'persnr,achternaam', code: 'missing_column', params: {}, message: '' })).toBe(
      'Regel 1: Deze 2 verplichte kolommen ontbreken in het bestand: Personeelsnummer, Achternaam.',
    );
    expect(problemText({ line: 12000, column: 'x_new', code: 'brand_new', params: {}, message: 'a new rule' })).toBe(
      'Regel 12.000 · Kolom x_new: Deze regel kan zo niet worden geïmporteerd.',
    );
    locale.set('en');
    expect(problemText({ line: 12, column: 'postcode', code: 'postcode_format', params: {}, message: '' })).toMatch(/^Line 12 · Column Postcode: /);
  });

  it('groups problems by line, lines ascending', () => {
    const p = (line: number, code: string) => ({ line, column: '', code, params: {}, message: '' });
    expect(groupProblems([p(5, 'a'), p(2, 'b'), p(5, 'c')])).toEqual([
      { line: 2, problems: [p(2, 'b')] },
      { line: 5, problems: [p(5, 'a'), p(5, 'c')] },
    ]);
  });

  it('counts the problems the backend did not send', async () => {
    const problems = Array.from({ length: 1000 }, (_, i) => ({ line: i + 2, column: 'bsn', code: 'bsn_elfproef', params: {}, message: '' }));
    const flow = await checkedFlow(report({ problems, problemCount: 1500 }));
    expect(flow.hiddenProblems).toBe(500);
    expect(flow.visibleGroups).toHaveLength(200);
    flow.showMoreProblems();
    expect(flow.visibleGroups).toHaveLength(400);
  });

  it('summary and detected line read as one quiet line', () => {
    expect(summary(report({ new: 128, changed: 14, ended: 3, unchanged: 411, departmentsCreated: 2 }))).toBe(
      '128 nieuw · 14 gewijzigd · 3 uit dienst · 411 ongewijzigd · 2 afdelingen worden aangemaakt',
    );
    expect(summary(report({ written: true, departmentsCreated: 1 }))).toMatch(/· 1 afdeling aangemaakt$/);
    expect(detectedLine(report())).toBe('Visma Nmbrs · CSV · Windows-1252 · gescheiden door puntkomma');
  });
});

describe('progress and cancel', () => {
  it('progress events update the flow only while something runs', async () => {
    const flow = await checkedFlow();
    flow.onProgress({ phase: 'writing', done: 5, total: 10 });
    expect(flow.progress.done).toBe(0);
    let finish: (r: ReturnType<typeof report>) => void = () => {};
    m.commitImport.mockReturnValue(new Promise((res) => (finish = res)));
    const done = flow.commit();
    flow.onProgress({ phase: 'writing', done: 5, total: 10 });
    expect(flow.progress).toEqual({ phase: 'writing', done: 5, total: 10 });
    finish(report({ written: true }));
    await done;
    expect(flow.outcome).toBe('written');
  });

  it('cancel during a commit calls cancelImport and ends in the cancelled state', async () => {
    const flow = await checkedFlow();
    let fail: (e: unknown) => void = () => {};
    m.commitImport.mockReturnValue(new Promise((_, rej) => (fail = rej)));
    const done = flow.commit();
    expect(flow.busy).toBe(true);
    await flow.cancel();
    expect(m.cancelImport).toHaveBeenCalledTimes(1);
    expect(flow.running).toBe('cancelling');
    fail(new AppError('cancelled', 'cancelled'));
    await done;
    expect(flow.outcome).toBe('cancelled');
    expect(flow.busy).toBe(false);
    flow.backToCheck();
    expect(flow.step).toBe(3);
  });

  it('a cancelled first check returns to the file step', async () => {
    const flow = new ImportFlow(() => '');
    m.chooseImportFile.mockResolvedValue(PATH);
    let fail: (e: unknown) => void = () => {};
    m.checkImport.mockReturnValue(new Promise((_, rej) => (fail = rej)));
    const done = flow.choose();
    await vi.waitFor(() => expect(flow.running).toBe('checking'));
    await flow.cancel();
    fail(new AppError('cancelled', 'cancelled'));
    await done;
    expect(flow.step).toBe(1);
    expect(flow.error).toBeNull();
  });

  it('a commit that finds problems (file changed since the check) goes back to the check', async () => {
    const flow = await checkedFlow();
    const problem = { line: 7, column: 'postcode', code: 'postcode_format', params: {}, message: '' };
    m.commitImport.mockResolvedValue(report({ problems: [problem], problemCount: 1 }));
    await flow.commit();
    expect(flow.step).toBe(3);
    expect(flow.changedSinceCheck).toBe(true);
    expect(flow.canImport).toBe(false);
  });
});

describe('file step', () => {
  it('a cancelled file dialog changes nothing', async () => {
    const flow = new ImportFlow(() => '');
    m.chooseImportFile.mockResolvedValue('');
    await flow.choose();
    expect(m.checkImport).not.toHaveBeenCalled();
    expect(flow.step).toBe(1);
  });

  it('an unreadable file keeps the file step and holds the error', async () => {
    const flow = new ImportFlow(() => '');
    m.chooseImportFile.mockResolvedValue('C:\\old.xls');
    m.checkImport.mockRejectedValue(new AppError('import_unreadable', '.xls not supported; save as .xlsx or CSV'));
    await flow.choose();
    expect(flow.step).toBe(1);
    expect(flow.error?.code).toBe('import_unreadable');
  });

  it('the template path is kept; a cancelled save dialog is not an error', async () => {
    const flow = new ImportFlow(() => '');
    m.saveImportTemplate.mockResolvedValueOnce('');
    await flow.saveTemplate('csv');
    expect(flow.templatePath).toBe('');
    m.saveImportTemplate.mockResolvedValueOnce('C:\\Users\\hr\\kluis-import.xlsx');
    await flow.saveTemplate('xlsx');
    expect(m.saveImportTemplate).toHaveBeenLastCalledWith('xlsx');
    expect(flow.templatePath).toBe('C:\\Users\\hr\\kluis-import.xlsx');
  });
});
