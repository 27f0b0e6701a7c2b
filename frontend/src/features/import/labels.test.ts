import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/api';
import type { ImportProblem } from '../../lib/api';
import { has, tn } from '../../lib/i18n';
import { locale } from '../../lib/state/locale.svelte';
import { detectedText, fileProblemText, interruptedTexts, problemMessage, problemText, problemsCsv, problemsTitle, summary } from './labels';
import { report } from './test-helpers';

/** A problem as the backend sends it: params are text. */
function problem(code: string, params: Record<string, string> = {}, column = '', line = 1): ImportProblem {
  return { line, column, code, params, message: `english fallback for ${code}` };
}

beforeEach(() => locale.set('nl'));
afterEach(() => locale.set('nl'));

describe('import problem texts with params', () => {
  it('rule: unmapped_column names the header as written, or the column number when the header is empty', () => {
    const p = problem('unmapped_column', { column: '6', header: 'Loonheffing' });
    expect(problemMessage(p)).toBe('Kolom “Loonheffing” bevat gegevens maar hoort bij geen veld. Kies een veld of “niet importeren”.');
    expect(problemMessage(problem('unmapped_column', { column: '3', header: '' }))).toBe(
      'Kolom 3 heeft geen naam maar bevat gegevens. Kies een veld of “niet importeren”.',
    );
    locale.set('en');
    expect(problemMessage(p)).toBe('Column “Loonheffing” holds data but is not linked to a field. Choose a field or “do not import”.');
  });

  it('rule: header_too_long and duplicate_column name the column numbers', () => {
    expect(problemMessage(problem('header_too_long', { column: '4' }))).toBe('De naam van kolom 4 is te lang.');
    expect(problemMessage(problem('duplicate_column', { column: '7', first: '2' }))).toBe('Kolom 7 heeft dezelfde naam als kolom 2.');
    locale.set('en');
    expect(problemMessage(problem('duplicate_column', { column: '7', first: '2' }))).toBe('Column 7 has the same name as column 2.');
  });

  it('rule: a persnr twice names the line it was first on, with the locale’s digit grouping', () => {
    const p = problem('duplicate', { first: '12000' }, 'persnr', 14001);
    expect(problemText(p)).toBe('Regel 14.001 · Kolom Personeelsnummer: Dit personeelsnummer staat ook op regel 12.000.');
    locale.set('en');
    expect(problemText(p)).toBe('Line 14,001 · Column Personnel number: This personnel number is also on line 12,000.');
  });

  it('rule: duplicate on another column, or without first, reads as the field rule', () => {
    expect(problemMessage(problem('duplicate', {}, 'email_werk'))).toBe('Deze waarde komt al voor.');
    expect(problemMessage(problem('duplicate', {}, 'persnr'))).toBe('Deze waarde komt al voor.');
  });

  it('rule: required, no_rows and the file codes have their own texts', () => {
    expect(problemMessage(problem('required', {}, 'achternaam'))).toBe('Deze verplichte waarde is leeg.');
    expect(problemMessage(problem('no_rows'))).toBe('Het bestand heeft alleen een kopregel; er staan geen medewerkers in.');
    for (const code of [
      'file_empty', 'file_too_large', 'file_binary', 'file_encoding', 'file_unsupported', 'file_spreadsheet',
      'file_too_many_rows', 'file_too_many_columns', 'mapping_invalid', 'layout_unknown', 'template_format',
    ]) {
      expect(has(`import.problem.${code}`), code).toBe(true);
    }
  });

  it('rule: missing_column lists the missing fields by label, with a plural for the count', () => {
    const one = problem('missing_column', { columns: 'afdeling', count: '1' }, 'afdeling');
    const two = problem('missing_column', { columns: 'persnr, achternaam', count: '2' }, 'persnr,achternaam');
    expect(problemText(one)).toBe('Regel 1: Deze verplichte kolom ontbreekt in het bestand: Afdeling.');
    expect(problemText(two)).toBe('Regel 1: Deze 2 verplichte kolommen ontbreken in het bestand: Personeelsnummer, Achternaam.');
    locale.set('en');
    expect(problemMessage(one)).toBe('This required column is missing from the file: Department.');
    expect(problemMessage(two)).toBe('These 2 required columns are missing from the file: Personnel number, Surname.');
  });

  it('rule: ragged_row says how many fields the line and the header have, 1 veld but 2 velden', () => {
    expect(problemMessage(problem('ragged_row', { fields: '1', expected: '11' }))).toBe('Deze regel heeft 1 veld, de kopregel heeft er 11.');
    expect(problemMessage(problem('ragged_row', { fields: '3', expected: '11' }))).toBe('Deze regel heeft 3 velden, de kopregel heeft er 11.');
    locale.set('en');
    expect(problemMessage(problem('ragged_row', { fields: '1', expected: '11' }))).toBe('This line has 1 field; the header line has 11.');
  });

  it('rule: too_many_problems counts the problems left out, 1 probleem but 2.500 problemen', () => {
    expect(problemMessage(problem('too_many_problems', { count: '1' }))).toBe(
      'Daarna is nog 1 probleem gevonden; de lijst is hier afgebroken.',
    );
    expect(problemMessage(problem('too_many_problems', { count: '2500' }))).toBe(
      'Daarna zijn nog 2.500 problemen gevonden; de lijst is hier afgebroken.',
    );
  });

  it('rule: syntax names its reason; another reason reads as the general quoting error', () => {
    expect(problemMessage(problem('syntax', { reason: 'bare_quote' }))).toMatch(/^Er staat een aanhalingsteken/);
    expect(problemMessage(problem('syntax', { reason: 'unclosed_quote' }))).toMatch(/wordt niet afgesloten/);
    expect(problemMessage(problem('syntax', { reason: 'other' }))).toBe('Fout in aanhalingstekens; deze regel kan niet goed gelezen worden.');
  });

  it('rule: without the params a code still reads as its plain text, never as the English fallback', () => {
    for (const code of ['unmapped_column', 'duplicate_column', 'ragged_row', 'too_many_problems', 'syntax']) {
      expect(problemMessage(problem(code)), code).not.toMatch(/english fallback/);
    }
    expect(problemMessage(problem('missing_column', { count: 'x' }, 'persnr'))).toBe(
      'Deze verplichte kolom ontbreekt in het bestand: Personeelsnummer.',
    );
  });

  it('rule: the removed codes missing_value and duplicate_persnr are gone from the catalogue', () => {
    expect(has('import.problem.missing_value')).toBe(false);
    expect(has('import.problem.duplicate_persnr')).toBe(false);
  });
});

describe('counts use the plural rule and the locale’s numbers', () => {
  it('rule: no "1 regels" and no "1 problemen"', () => {
    expect(tn('import.check.rows', 1, { file: 'a.csv' })).toBe('1 regel gelezen uit a.csv.');
    expect(tn('import.check.rows', 0, { file: 'a.csv' })).toBe('0 regels gelezen uit a.csv.');
    expect(tn('import.check.rows', 100000, { file: 'a.csv' })).toBe('100.000 regels gelezen uit a.csv.');
    expect(problemsTitle(1)).toBe('1 probleem gevonden');
    expect(problemsTitle(1003)).toBe('1.003 problemen gevonden');
    expect(tn('import.check.more', 1)).toBe('en nog 1 probleem dat niet getoond wordt');
    locale.set('en');
    expect(tn('import.check.rows', 1, { file: 'a.csv' })).toBe('1 row read from a.csv.');
    expect(tn('import.check.rows', 100000, { file: 'a.csv' })).toBe('100,000 rows read from a.csv.');
    expect(problemsTitle(1)).toBe('1 problem found');
    expect(problemsTitle(2)).toBe('2 problems found');
  });

  it('rule: departments created take the plural form in the check and after the import', () => {
    expect(summary(report({ departmentsCreated: 1 }))).toMatch(/1 afdeling wordt aangemaakt$/);
    expect(summary(report({ departmentsCreated: 1200 }))).toMatch(/1\.200 afdelingen worden aangemaakt$/);
    expect(summary(report({ departmentsCreated: 1, written: true }))).toMatch(/1 afdeling aangemaakt$/);
    expect(summary(report({ departmentsCreated: 0 }))).not.toMatch(/afdeling/);
  });
});

describe('a file that cannot be read', () => {
  it('rule: the reason comes from the code the backend put in the error fields', () => {
    expect(fileProblemText(new AppError('import_unreadable', 'the file is empty', { file: 'file_empty' }))).toBe('Het bestand is leeg.');
    expect(fileProblemText(new AppError('import_unreadable', 'the file is too large', { file: 'file_too_large' }))).toBe(
      'Het bestand is te groot (max. 200 MB).',
    );
    expect(fileProblemText(new AppError('invalid_input', 'x', { format: 'template_format' }))).toBe('Kies CSV of Excel.');
    expect(fileProblemText(new AppError('import_unreadable', 'The file cannot be opened.'))).toBe('');
    // A field error code is not a file reason.
    expect(fileProblemText(new AppError('invalid_input', 'x', { email: 'required' }))).toBe('');
  });
});

describe('an interrupted import', () => {
  const job = { employer: 'Zorggroep De Linde B.V.', started: '2026-11-03T13:05:00Z', rows: 1, undone: true };

  it('rule: an undone import says it was undone, nothing is in the vault, and to import again', () => {
    const { title, body } = interruptedTexts(job);
    expect(title).toBe('Een onderbroken import is ongedaan gemaakt');
    expect(body).toMatch(/^De import voor Zorggroep De Linde B\.V\. van 3 november 2026 om \d\d:05 \(1 regel\) werd onderbroken/);
    expect(body).toContain('Er staat niets van in de kluis. Importeer het bestand opnieuw.');
    expect(body).not.toMatch(/afmaken|af te maken/);
    locale.set('en');
    expect(interruptedTexts({ ...job, rows: 12000 }).body).toMatch(/\(12,000 rows\) was interrupted and was undone.*Nothing of it is in the vault/);
  });

  it('rule: an import that had finished says so and asks nothing', () => {
    const { title, body } = interruptedTexts({ ...job, rows: 2500, undone: false });
    expect(title).toBe('Een onderbroken import was al voltooid');
    expect(body).toMatch(/\(2\.500 regels\) was al voltooid toen Kluis werd onderbroken\. Alles staat in de kluis/);
  });
});

describe('issue 17: import texts through the catalogue', () => {
  it('rule: headers that match no known layout say so, never "Herkend: Kluis-sjabloon"', () => {
    const none = detectedText(report({ layout: '' }));
    expect(none).toBe(
      'Geen bekende indeling herkend (geen salarispakket en niet het Kluis-sjabloon); koppel de kolommen zelf. CSV · Windows-1252 · gescheiden door puntkomma',
    );
    expect(none).not.toMatch(/Herkend|Kluis-sjabloon ·/);
    expect(detectedText(report({ layout: 'kluis' }))).toMatch(/^Herkend: Kluis-sjabloon · CSV/);
    locale.set('en');
    expect(detectedText(report({ layout: '' }))).toMatch(/^No known layout recognised/);
  });

  it('rule: a problem code the catalogue does not know gets a general text in the user\'s language, not the backend\'s English', () => {
    const p = problem('some_new_rule');
    expect(problemMessage(p)).toBe('Deze regel kan zo niet worden geïmporteerd.');
    locale.set('en');
    expect(problemMessage(p)).toBe('This line cannot be imported as it is.');
    expect(problemMessage(p)).not.toContain('english fallback');
  });

  it('rule: the saved problem list uses the locale\'s separator and neutralises anything a spreadsheet would run', () => {
    const list = [problem('required', {}, '=HYPERLINK("x")', 4)];
    expect(problemsCsv(list)).toBe('Regel;Kolom;Probleem\r\n4;"\'=HYPERLINK(""x"")";Deze verplichte waarde is leeg.\r\n');
    locale.set('en');
    expect(problemsCsv([problem('required', {}, 'achternaam', 4)])).toBe('Line,Column,Problem\r\n4,Surname,This required value is empty.\r\n');
  });
});
