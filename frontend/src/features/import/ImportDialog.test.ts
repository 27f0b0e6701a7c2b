import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import * as api from '../../lib/api';
import { AppError } from '../../lib/api';
import type { ImportProblem, ImportReport } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import ImportDialog from './ImportDialog.svelte';
import { FIELDS, LAYOUTS, PATH, report } from './test-helpers';

// The backend seam is mocked; AppError stays real. onEvent keeps the handlers so a test can emit.
const handlers = new Map<string, (payload: unknown) => void>();
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
    saveImportProblems: vi.fn(),
    interruptedImports: vi.fn(),
    importLayouts: vi.fn(),
    onEvent: vi.fn((name: string, h: (p: unknown) => void) => {
      handlers.set(name, h);
      return () => handlers.delete(name);
    }),
  };
});

const m = vi.mocked(api);

function emit(name: string, payload: unknown) {
  const h = handlers.get(name);
  if (!h) throw new Error(`nobody listens to ${name}`);
  h(payload);
}

function setup(employer = '') {
  const onclose = vi.fn();
  const ondone = vi.fn();
  render(ImportDialog, { employer, onclose, ondone });
  return { onclose, ondone, dialog: screen.getByTestId('import-dialog') };
}

/** Opens the dialog and chooses a file whose check returns `first`. */
async function chooseFile(first: ImportReport = report()) {
  const s = setup();
  m.chooseImportFile.mockResolvedValue(PATH);
  m.checkImport.mockResolvedValueOnce(first);
  await fireEvent.click(screen.getByRole('button', { name: 'Bestand kiezen…' }));
  return s;
}

/** A commit that stays running until the test settles it. */
function pendingCommit() {
  let resolve: (r: ImportReport) => void = () => {};
  let reject: (e: unknown) => void = () => {};
  m.commitImport.mockReturnValue(
    new Promise<ImportReport>((res, rej) => {
      resolve = res;
      reject = rej;
    }),
  );
  return { resolve: (r: ImportReport) => resolve(r), reject: (e: unknown) => reject(e) };
}

beforeEach(() => {
  locale.set('nl');
  handlers.clear();
  m.importFields.mockResolvedValue(FIELDS);
  m.interruptedImports.mockResolvedValue([]);
  m.importLayouts.mockResolvedValue(LAYOUTS);
  m.cancelImport.mockResolvedValue();
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('file step', () => {
  it('explains the formats and offers the template as CSV and Excel, showing the saved path', async () => {
    setup();
    expect(screen.getByRole('heading', { name: 'Kies een bestand' })).toBeInTheDocument();
    expect(screen.getByText(/Windows-1252/)).toBeInTheDocument();
    m.saveImportTemplate.mockResolvedValue('C:\\Users\\hr\\kluis-import.xlsx');
    await fireEvent.click(screen.getByRole('button', { name: 'Sjabloon downloaden (Excel)' }));
    expect(m.saveImportTemplate).toHaveBeenCalledWith('xlsx');
    expect(await screen.findByTestId('import-template-saved')).toHaveTextContent('C:\\Users\\hr\\kluis-import.xlsx');
  });

  it('rule: an unreadable file without a reason code shows the translated error, never the backend\'s English (issue 17)', async () => {
    setup();
    m.chooseImportFile.mockResolvedValue('C:\\old.xls');
    m.checkImport.mockRejectedValue(new AppError('import_unreadable', '.xls not supported; save as .xlsx or CSV'));
    await fireEvent.click(screen.getByRole('button', { name: 'Bestand kiezen…' }));
    const alert = await screen.findByTestId('import-error');
    expect(alert).toHaveTextContent('Dit bestand kan niet worden gelezen.');
    expect(alert).not.toHaveTextContent('.xls not supported');
    expect(screen.getByRole('heading', { name: 'Kies een bestand' })).toBeInTheDocument();
  });

  it("rule: an unreadable file says why in the user's language, from the code the backend named", async () => {
    setup();
    m.chooseImportFile.mockResolvedValue('C:\\leeg.csv');
    m.checkImport.mockRejectedValue(new AppError('import_unreadable', 'the file is empty', { file: 'file_empty' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Bestand kiezen…' }));
    const alert = await screen.findByTestId('import-error');
    expect(alert).toHaveTextContent('Dit bestand kan niet worden gelezen.');
    expect(alert).toHaveTextContent('Het bestand is leeg.');
    expect(alert).not.toHaveTextContent('the file is empty');
  });
});

describe('an interrupted import', () => {
  const job = { employer: 'Bakkerij De Korenaar BV', started: '2026-11-03T13:05:00Z', rows: 412, undone: true };

  it('rule: an undone import says nothing of it is in the vault and offers to import again', async () => {
    m.interruptedImports.mockResolvedValue([job]);
    setup();
    const notice = await screen.findByTestId('import-interrupted-undone');
    expect(notice).toHaveTextContent('Een onderbroken import is ongedaan gemaakt');
    expect(notice).toHaveTextContent(/De import voor Bakkerij De Korenaar BV van 3 november 2026 om \d\d:05 \(412 regels\)/);
    expect(notice).toHaveTextContent('Er staat niets van in de kluis. Importeer het bestand opnieuw.');
    expect(notice).not.toHaveTextContent(/af te maken/);
    m.chooseImportFile.mockResolvedValue(PATH);
    m.checkImport.mockResolvedValue(report());
    await fireEvent.click(within(notice).getByRole('button', { name: 'Opnieuw importeren' }));
    expect(m.chooseImportFile).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('heading', { name: 'Controle' })).toBeInTheDocument();
  });

  it('rule: an import that had finished says "was al voltooid" and offers nothing to do', async () => {
    m.interruptedImports.mockResolvedValue([{ ...job, rows: 1, undone: false }]);
    setup();
    const notice = await screen.findByTestId('import-interrupted-done');
    expect(notice).toHaveTextContent('Een onderbroken import was al voltooid');
    expect(notice).toHaveTextContent('(1 regel) was al voltooid toen Kluis werd onderbroken. Alles staat in de kluis');
    expect(within(notice).queryByRole('button')).not.toBeInTheDocument();
    expect(screen.queryByTestId('import-interrupted-undone')).not.toBeInTheDocument();
  });
});

describe('mapping step', () => {
  it('mapping sent as {header: field|"-"} from the selects', async () => {
    const first = report({ columns: [...report().columns, { header: 'Salaris', field: '' }] });
    first.sample = first.sample.map((row) => [...row, '3000']);
    await chooseFile(first);
    expect(await screen.findByRole('heading', { name: 'Kolommen koppelen' })).toBeInTheDocument();
    expect(screen.getByTestId('import-detected')).toHaveTextContent('Visma Nmbrs · CSV · Windows-1252 · gescheiden door puntkomma');

    const select = screen.getByRole('combobox', { name: 'Veld voor kolom “Sofinummer”' });
    expect(select).toHaveValue('bsn');
    expect(within(select).getByRole('option', { name: 'Achternaam (verplicht)' })).toBeInTheDocument();
    await fireEvent.change(select, { target: { value: '-' } });
    // Salaris holds data and nobody chose for it: it asks for a choice and is not sent as left out.
    const salaris = screen.getByRole('combobox', { name: 'Veld voor kolom “Salaris”' });
    expect(salaris).toHaveValue('');
    expect(salaris).toHaveAttribute('aria-invalid', 'true');

    m.checkImport.mockResolvedValue(report());
    await fireEvent.click(screen.getByRole('button', { name: 'Opnieuw controleren' }));
    expect(m.checkImport).toHaveBeenLastCalledWith({
      path: PATH,
      employer: '',
      mapping: {
        Persnr: 'persnr',
        Naam: 'achternaam',
        Afdeling: 'afdeling',
        Begindatum: 'datum_in_dienst',
        Sofinummer: '-',
      },
      layout: '',
    });
    expect(await screen.findByRole('heading', { name: 'Controle' })).toBeInTheDocument();
  });

  it('rule: sample hours are shown the locale\'s way: 32,5 in Dutch, 32.5 in English (issue 17)', async () => {
    const first = report({ columns: [...report().columns, { header: 'Uren', field: 'uren_per_week' }, { header: 'Loon', field: '' }] });
    first.sample = first.sample.map((row, i) => [...row, i === 0 ? '32.5' : '40', '3000']);
    await chooseFile(first);
    const table = await screen.findByTestId('import-mapping');
    const row = within(table).getByRole('rowheader', { name: 'Uren' }).closest('tr')!;
    expect(row).toHaveTextContent('32,5');
    expect(row).not.toHaveTextContent('32.5');
    locale.set('en');
    await waitFor(() => expect(within(table).getByRole('rowheader', { name: 'Uren' }).closest('tr')!).toHaveTextContent('32.5'));
  });

  it('warns about a field chosen twice and lists missing required fields', async () => {
    await chooseFile(report({ missing: ['afdeling'], columns: report().columns.filter((c) => c.field !== 'afdeling') }));
    expect(await screen.findByTestId('import-missing')).toHaveTextContent('Afdeling');
    await fireEvent.change(screen.getByRole('combobox', { name: 'Veld voor kolom “Sofinummer”' }), {
      target: { value: 'achternaam' },
    });
    expect(screen.getByTestId('import-duplicate')).toHaveTextContent('Achternaam is gekoppeld aan meer dan één kolom');
  });
});

describe('payroll layout ("Salarispakket")', () => {
  const ambiguous = { line: 3, column: 'naamgebruik', code: 'ambiguous_code', params: {}, message: 'numeric code is ambiguous' };

  it('offers automatic detection and every layout, preselects the detected one and sends the choice with check and commit', async () => {
    await chooseFile(report({ columns: [...report().columns, { header: 'Salaris', field: '' }] }));
    const select = await screen.findByRole('combobox', { name: 'Salarispakket' });
    expect(select).toHaveValue('nmbrs');
    expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Automatisch herkennen', 'Kluis-sjabloon', 'Visma Nmbrs', 'AFAS Profit', 'Loket.nl', 'Visma Raet / Youforce', 'Exact Online',
    ]);

    await fireEvent.change(select, { target: { value: 'afas' } });
    m.checkImport.mockResolvedValue(report({ layout: 'afas' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Opnieuw controleren' }));
    // Only the layout changed: the chosen layout recognises the columns itself.
    expect(m.checkImport).toHaveBeenLastCalledWith({ path: PATH, employer: '', mapping: {}, layout: 'afas' });

    await fireEvent.click(await screen.findByTestId('import-recheck'));
    expect(m.checkImport).toHaveBeenLastCalledWith({ path: PATH, employer: '', mapping: {}, layout: 'afas' });
    m.commitImport.mockResolvedValue(report({ layout: 'afas', written: true }));
    await waitFor(() => expect(screen.getByTestId('import-commit')).toBeEnabled());
    await fireEvent.click(screen.getByTestId('import-commit'));
    expect(m.commitImport).toHaveBeenCalledWith({ path: PATH, employer: '', mapping: {}, layout: 'afas' });
  });

  it('a changed layout marks the check stale like a mapping change', async () => {
    await chooseFile();
    await fireEvent.click(await screen.findByRole('button', { name: 'Kolommen aanpassen' }));
    await fireEvent.change(await screen.findByRole('combobox', { name: 'Salarispakket' }), { target: { value: 'loket' } });
    await fireEvent.click(screen.getByRole('button', { name: /Controle/ }));
    expect(await screen.findByText(/Je hebt de koppeling gewijzigd/)).toBeInTheDocument();
    expect(screen.getByTestId('import-commit')).toBeDisabled();
  });

  it('ambiguous_code shows a hint whose button opens the mapping step with the select focused', async () => {
    await chooseFile(report({ layout: '', problems: [ambiguous], problemCount: 1 }));
    const hint = await screen.findByTestId('import-ambiguous');
    expect(hint).toHaveTextContent('Kies het salarispakket');
    expect(screen.getByTestId('import-problems')).toHaveTextContent('Kies bij Kolommen het salarispakket');

    await fireEvent.click(within(hint).getByRole('button', { name: 'Salarispakket kiezen' }));
    expect(await screen.findByRole('heading', { name: 'Kolommen koppelen' })).toBeInTheDocument();
    const select = screen.getByRole('combobox', { name: 'Salarispakket' });
    await waitFor(() => expect(select).toHaveFocus());
    // Nothing was detected: the choice stays on automatic until the user picks one.
    expect(select).toHaveValue('');

    await fireEvent.change(select, { target: { value: 'raet' } });
    m.checkImport.mockResolvedValue(report({ layout: 'raet' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Opnieuw controleren' }));
    expect(m.checkImport).toHaveBeenLastCalledWith({ path: PATH, employer: '', mapping: {}, layout: 'raet' });
    expect(await screen.findByTestId('import-summary')).toBeInTheDocument();
    expect(screen.queryByTestId('import-ambiguous')).not.toBeInTheDocument();
  });

  it('no hint without ambiguous codes', async () => {
    await chooseFile(report({ problems: [{ line: 2, column: 'postcode', code: 'postcode_format', params: {}, message: '' }], problemCount: 1 }));
    await screen.findByTestId('import-problems-alert');
    expect(screen.queryByTestId('import-ambiguous')).not.toBeInTheDocument();
  });
});

describe('check step', () => {
  it('shows the counts as one summary and enables a clean import', async () => {
    await chooseFile(report({ new: 128, changed: 14, ended: 3, unchanged: 411, departmentsCreated: 2 }));
    expect(await screen.findByTestId('import-summary')).toHaveTextContent(
      /128 nieuw.*14 gewijzigd.*3 uit dienst.*411 ongewijzigd.*2 afdelingen worden aangemaakt/,
    );
    expect(screen.getByTestId('import-commit')).toBeEnabled();
  });

  it('rule: import button disabled while problems exist; problems translated with line and column, an unknown code never in English', async () => {
    const problems = [
      { line: 12, column: 'bsn', code: 'bsn_elfproef', params: {}, message: 'line 12, column bsn: fails the elfproef' },
      { line: 4, column: '', code: 'ragged_row', params: {}, message: '3 fields, but the header has 5' },
      { line: 12, column: 'geboortedatum', code: 'some_new_rule', params: {}, message: 'line 12: a rule the UI does not know yet' },
    ];
    await chooseFile(report({ problems, problemCount: 1003 }));
    expect(await screen.findByTestId('import-problems-alert')).toHaveTextContent('Er wordt niets opgeslagen totdat elk probleem');
    expect(screen.getByTestId('import-commit')).toBeDisabled();
    const items = within(screen.getByTestId('import-problems')).getAllByRole('listitem').filter((li) => li.classList.contains('problem'));
    expect(items.map((li) => li.textContent?.trim())).toEqual([
      'Regel 4: Deze regel heeft meer of minder velden dan de kopregel.',
      'Regel 12 · Kolom BSN: Dit BSN klopt niet (elfproef). Controleer de cijfers.',
      'Regel 12 · Kolom Geboortedatum: Deze regel kan zo niet worden geïmporteerd.',
    ]);
    expect(screen.getByText('en nog 1.000 problemen die niet getoond worden')).toBeInTheDocument();
    expect(screen.getByTestId('import-problems-alert')).toHaveTextContent('1.003 problemen gevonden');
  });

  it('rule: one problem reads "1 probleem gevonden" and the check says "1 regel gelezen"', async () => {
    await chooseFile(report({ rows: 1, valid: 0, problems: [{ line: 2, column: 'achternaam', code: 'required', params: {}, message: '' }], problemCount: 1 }));
    expect(await screen.findByTestId('import-problems-alert')).toHaveTextContent('1 probleem gevonden');
    expect(screen.getByText(/1 regel gelezen uit nmbrs-export\.csv\./)).toBeInTheDocument();
    expect(screen.getByTestId('import-problems')).toHaveTextContent('Regel 2 · Kolom Achternaam: Deze verplichte waarde is leeg.');
  });

  it('rule: bsn_taken names the persnr of the employee who has the BSN (issue 17)', async () => {
    const problems = [{ line: 3, column: 'bsn', code: 'bsn_taken', params: { persnr: '00042' }, message: 'belongs to another employee (persnr 00042)' }];
    await chooseFile(report({ problems, problemCount: 1 }));
    expect(await screen.findByTestId('import-problems')).toHaveTextContent(
      'Regel 3 · Kolom BSN: Dit BSN hoort al bij de medewerker met personeelsnummer 00042.',
    );
    locale.set('en');
    await waitFor(() =>
      expect(screen.getByTestId('import-problems')).toHaveTextContent('This BSN already belongs to the employee with personnel number 00042.'),
    );
  });

  it('rule: a header-only file says it holds no employees, never "staan al zo in de kluis" (issue 17)', async () => {
    await chooseFile(report({ rows: 0, valid: 0, new: 0, departmentsCreated: 0 }));
    expect(await screen.findByTestId('import-no-rows')).toHaveTextContent('Het bestand heeft alleen een kopregel');
    expect(screen.queryByText(/staan al zo in de kluis/)).not.toBeInTheDocument();
    expect(screen.getByTestId('import-commit')).toBeDisabled();
  });

  it('rule: the problem list can be saved as CSV with line, column and problem text only (issue 17)', async () => {
    const problems: ImportProblem[] = [
      { line: 2, column: 'bsn', code: 'bsn_elfproef', params: {}, message: 'value "123456789" fails the elfproef' },
      { line: 5, column: '', code: 'ragged_row', params: { fields: '3', expected: '5' }, message: '' },
      { line: 1, column: '', code: 'unmapped_column', params: { header: '=Salaris;bruto', column: '6' }, message: '' },
    ];
    await chooseFile(report({ problems, problemCount: 1004 }));
    m.saveImportProblems.mockResolvedValue('C:\\Users\\hr\\importproblemen.csv');
    await fireEvent.click(await screen.findByTestId('import-problems-save'));
    expect(m.saveImportProblems).toHaveBeenCalledTimes(1);
    const csv = m.saveImportProblems.mock.calls[0]![0];
    expect(csv.split('\r\n')).toEqual([
      'Regel;Kolom;Probleem',
      '2;BSN;Dit BSN klopt niet (elfproef). Controleer de cijfers.',
      '5;;Deze regel heeft 3 velden, de kopregel heeft er 5.',
      '1;;"Kolom “=Salaris;bruto” bevat gegevens maar hoort bij geen veld. Kies een veld of “niet importeren”."',
      ';;en nog 1.001 problemen die niet getoond worden',
      '',
    ]);
    expect(csv).not.toContain('123456789');
    expect(await screen.findByTestId('import-problems-saved')).toHaveTextContent('importproblemen.csv');
  });

  it('"Opnieuw controleren" re-reads the same path after the file was fixed', async () => {
    await chooseFile(report({ problems: [{ line: 2, column: 'postcode', code: 'postcode_format', params: {}, message: '' }], problemCount: 1 }));
    m.checkImport.mockResolvedValue(report());
    await fireEvent.click(await screen.findByTestId('import-recheck'));
    expect(m.checkImport).toHaveBeenLastCalledWith({ path: PATH, employer: '', mapping: {}, layout: '' });
    await waitFor(() => expect(screen.getByTestId('import-commit')).toBeEnabled());
  });
});

describe('import step', () => {
  it('progress event updates the bar: indeterminate while reading, then "12.000 van 100.000"', async () => {
    await chooseFile(report({ rows: 100000, new: 100000 }));
    pendingCommit();
    await fireEvent.click(await screen.findByTestId('import-commit'));
    expect(await screen.findByRole('heading', { name: 'Importeren' })).toBeInTheDocument();
    const reading = screen.getByTestId('import-progress') as HTMLProgressElement;
    expect(reading.hasAttribute('value')).toBe(false);

    emit('import:progress', { phase: 'writing', done: 12000, total: 100000 });
    await waitFor(() => expect(screen.getByTestId('import-progress-text')).toHaveTextContent('12.000 van 100.000'));
    const bar = screen.getByRole('progressbar', { name: 'Voortgang van de import' }) as HTMLProgressElement;
    expect(bar.value).toBe(12000);
    expect(bar.max).toBe(100000);
    expect(screen.queryByTestId('import-last-step')).not.toBeInTheDocument();
  });

  it('once every row is written the step names the last step, with a running bar, not "100%" standing still', async () => {
    await chooseFile(report({ rows: 100000, new: 100000 }));
    pendingCommit();
    await fireEvent.click(await screen.findByTestId('import-commit'));
    emit('import:progress', { phase: 'writing', done: 100000, total: 100000 });
    expect(await screen.findByTestId('import-last-step')).toHaveTextContent('Laatste stap: personeelsnummers, zoeken en overzicht bijwerken…');
    expect(screen.getByTestId('import-progress-text')).toHaveTextContent('100.000 van 100.000');
    const bar = screen.getByRole('progressbar', { name: 'Voortgang van de import' }) as HTMLProgressElement;
    expect(bar.hasAttribute('value')).toBe(false);
  });

  it('dialog not dismissable while writing: no close button and Escape does nothing', async () => {
    const { onclose, dialog } = await chooseFile();
    pendingCommit();
    await fireEvent.click(await screen.findByTestId('import-commit'));
    await screen.findByRole('heading', { name: 'Importeren' });
    expect(screen.queryByRole('button', { name: 'Sluiten' })).not.toBeInTheDocument();
    await fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(onclose).not.toHaveBeenCalled();
  });

  it('cancel calls cancelImport and shows the cancelled state', async () => {
    await chooseFile();
    const commit = pendingCommit();
    m.cancelImport.mockImplementation(async () => commit.reject(new AppError('cancelled', 'the import was cancelled')));
    await fireEvent.click(await screen.findByTestId('import-commit'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Annuleren' }));
    expect(m.cancelImport).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId('import-cancelled')).toHaveTextContent('Geannuleerd; er is niets opgeslagen.');
    expect(screen.getByRole('heading', { name: 'Geannuleerd' })).toBeInTheDocument();
  });

  it('success shows the result; "Sluiten" calls ondone then onclose', async () => {
    const { onclose, ondone } = await chooseFile();
    m.commitImport.mockResolvedValue(report({ written: true }));
    await fireEvent.click(await screen.findByTestId('import-commit'));
    expect(await screen.findByTestId('import-done')).toHaveTextContent('nmbrs-export.csv');
    await fireEvent.click(screen.getByTestId('import-finish'));
    expect(ondone).toHaveBeenCalledTimes(1);
    expect(onclose).toHaveBeenCalledTimes(1);
    expect(ondone.mock.invocationCallOrder[0]).toBeLessThan(onclose.mock.invocationCallOrder[0] ?? 0);
  });

  it('focus moves to the step heading when the step changes', async () => {
    await chooseFile();
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Controle' })).toHaveFocus());
  });
});
