import { formatNumber, has, t, tn, type MessageKey } from '../../lib/i18n';
import type { AppError, ImportProblem, ImportReport, InterruptedImport } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';

/** Texts the import dialog builds from backend codes; unknown codes fall back to the raw value. */

/** count writes a whole number the locale's way: 12.000 (nl) or 12,000 (en). */
export function count(n: number): string {
  return formatNumber(Math.max(0, Math.trunc(n)));
}

/** A whole number from a problem's params (the backend sends them as text); null when absent. */
function intParam(p: ImportProblem, name: string): number | null {
  const v = p.params[name];
  if (v === undefined || !/^\d+$/.test(v)) return null;
  return Number(v);
}

/** fieldLabel is a canonical field's label, or the field name itself when the catalogue lacks it. */
export function fieldLabel(field: string): string {
  const key = `import.field.${field}`;
  return has(key) ? t(key) : field;
}

/** layoutLabel names a payroll layout: the catalogue's label, else the backend's title, else the name. */
export function layoutLabel(name: string, title = ''): string {
  const key = `import.layout.${name}`;
  if (has(key)) return t(key);
  return title !== '' ? title : name;
}

/** columnLabel names a problem's column: a field label, or several for a comma-joined list. */
export function columnLabel(column: string): string {
  return column
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .map(fieldLabel)
    .join(', ');
}

/**
 * problemMessage translates a problem: a text with the problem's params where the code has them
 * (numbers the locale's way, counts with their plural, canonical column names as field labels),
 * else import.problem.<code>, then validation.<code>, then a general text of the catalogue: the
 * backend's English message never reaches the screen.
 */
export function problemMessage(p: ImportProblem): string {
  const special = paramText(p);
  if (special !== null) return special;
  for (const key of [`import.problem.${p.code}`, `validation.${p.code}`]) {
    if (has(key)) return t(key);
  }
  return t('import.problem.unknown');
}

/** paramText is the text of a code whose params say more than its plain text; null otherwise. */
function paramText(p: ImportProblem): string | null {
  const column = intParam(p, 'column');
  const first = intParam(p, 'first');
  switch (p.code) {
    case 'unmapped_column': {
      const header = p.params['header'] ?? '';
      if (header.trim() !== '') return t('import.problem.unmapped_column', { header });
      return column === null ? null : t('import.problem.unmapped_column.noHeader', { column: count(column) });
    }
    case 'header_too_long':
      return column === null ? null : t('import.problem.header_too_long', { column: count(column) });
    case 'duplicate_column':
      return column === null || first === null
        ? null
        : t('import.problem.duplicate_column.first', { column: count(column), first: count(first) });
    case 'duplicate':
      return p.column === 'persnr' && first !== null ? t('import.problem.duplicate.persnr', { first: count(first) }) : null;
    case 'missing_column': {
      const columns = p.params['columns'] ?? p.column;
      const n = intParam(p, 'count') ?? columns.split(',').filter((c) => c.trim() !== '').length;
      return columns.trim() === '' || n === 0 ? null : tn('import.problem.missing_column', n, { columns: columnLabel(columns) });
    }
    case 'ragged_row': {
      const fields = intParam(p, 'fields');
      const expected = intParam(p, 'expected');
      return fields === null || expected === null ? null : tn('import.problem.ragged_row', fields, { expected: count(expected) });
    }
    case 'too_many_problems': {
      const n = intParam(p, 'count');
      return n === null ? null : tn('import.problem.too_many_problems', n);
    }
    case 'bsn_taken': {
      // The employee who already has the BSN, by persnr (the backend never sends the BSN).
      const persnr = (p.params['persnr'] ?? '').trim();
      return persnr === '' ? null : t('validation.bsn_taken.found', { values: persnr });
    }
    case 'syntax': {
      const key = `import.problem.syntax.${p.params['reason'] ?? ''}`;
      return has(key) ? t(key) : null;
    }
    default:
      return null;
  }
}

/**
 * fileProblemText is the reason a file could not be read or saved, from the code the backend put
 * in the error's fields (import_unreadable: {file: 'file_empty'}, …); '' when it sent none.
 */
export function fileProblemText(err: AppError): string {
  for (const code of Object.values(err.fields)) {
    const key = `import.problem.${code}`;
    if (code.startsWith('file_') || code === 'mapping_invalid' || code === 'layout_unknown' || code === 'template_format') {
      if (has(key)) return t(key);
    }
  }
  return '';
}

/** interruptedTexts is the title and body of an interrupted import: undone, or already complete. */
export function interruptedTexts(j: InterruptedImport): { title: string; body: string } {
  const params = { employer: j.employer, started: dateTimeText(j.started), rows: tn('import.interrupted.rows', j.rows) };
  const [title, body]: [MessageKey, MessageKey] = j.undone
    ? ['import.interrupted.undoneTitle', 'import.interrupted.undoneBody']
    : ['import.interrupted.doneTitle', 'import.interrupted.doneBody'];
  return { title: t(title), body: t(body, params) };
}

/** dateTimeText writes an RFC 3339 time as a long local date and time ("3 november 2026 om 14:05"). */
export function dateTimeText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale.current === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' });
}

/** Codes whose text names their columns itself: their place is the line only. */
const COLUMNS_IN_TEXT = new Set(['missing_column']);

/** problemPlace is "Regel 12 · Kolom BSN" (or "Regel 12" for a problem with the whole line). */
export function problemPlace(p: ImportProblem): string {
  const line = t('import.problem.line', { line: count(p.line) });
  const column = COLUMNS_IN_TEXT.has(p.code) ? '' : columnLabel(p.column);
  return column === '' ? line : `${line} · ${t('import.problem.column', { column })}`;
}

/** problemText is the whole line: "Regel 12 · Kolom BSN: <translated text>". */
export function problemText(p: ImportProblem): string {
  return `${problemPlace(p)}: ${problemMessage(p)}`;
}

const SEPARATORS: Record<string, string> = { ';': 'semicolon', ',': 'comma', '\t': 'tab', '|': 'pipe' };

/**
 * detectedText is the mapping step's "Herkend: Visma Nmbrs · CSV · …" line, or, when no known
 * layout matched the headers, says so ("Geen bekende indeling herkend …") instead of naming one.
 */
export function detectedText(r: ImportReport): string {
  if (r.layout !== '') return t('import.mapping.detected', { details: detectedLine(r) });
  const rest = detectedLine(r).split(' · ').slice(1).join(' · ');
  return t('import.mapping.detectedNone', { details: rest });
}

/** detectedLine is the quiet "layout · format · encoding · separator · sheet" line of a report. */
export function detectedLine(r: ImportReport): string {
  const parts: string[] = [];
  parts.push(r.layout === '' ? t('import.layout.none') : layoutLabel(r.layout));
  const format = `import.format.${r.format}`;
  if (r.format !== '') parts.push(has(format) ? t(format) : r.format.toUpperCase());
  const encoding = `import.encoding.${r.encoding}`;
  if (r.encoding !== '') parts.push(has(encoding) ? t(encoding) : r.encoding);
  const sep = SEPARATORS[r.separator];
  const sepKey = `import.separator.${sep ?? ''}`;
  if (r.separator !== '') parts.push(sep && has(sepKey) ? t(sepKey) : r.separator);
  if (r.sheet !== '') parts.push(t('import.sheet', { name: r.sheet }));
  return parts.join(' · ');
}

/** problemsTitle is "1 probleem gevonden" or "12 problemen gevonden". */
export function problemsTitle(n: number): string {
  return tn('import.check.problems', n);
}

/** summary is "128 nieuw · 14 gewijzigd · 3 uit dienst · 411 ongewijzigd · 2 afdelingen worden aangemaakt". */
export function summaryParts(r: ImportReport): string[] {
  const parts = [
    t('import.check.new', { n: count(r.new) }),
    t('import.check.changed', { n: count(r.changed) }),
    t('import.check.ended', { n: count(r.ended) }),
    t('import.check.unchanged', { n: count(r.unchanged) }),
  ];
  // A written report says what happened, a check what will happen.
  if (r.departmentsCreated > 0)
    parts.push(tn(r.written ? 'import.done.departments' : 'import.check.departments', r.departmentsCreated));
  return parts;
}

export function summary(r: ImportReport): string {
  return summaryParts(r).join(' · ');
}

/** A cell a spreadsheet would run as a formula starts with one of these: it gets a leading quote. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string, sep: string): string {
  const v = FORMULA_START.test(value) ? `'${value}` : value;
  return v.includes(sep) || /["\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * problemsCsv is the check's problem list as CSV, one problem a row: line, column and the
 * translated problem text, with a header row in the user's language; the separator is the one
 * the locale's Excel expects (';' in Dutch, ',' in English). It holds no cell value of the file:
 * a problem carries none. `hidden` problems the backend counted but did not send get a last row.
 */
export function problemsCsv(problems: readonly ImportProblem[], hidden = 0): string {
  const sep = locale.current === 'nl' ? ';' : ',';
  const rows: string[][] = [[t('import.problems.csv.line'), t('import.problems.csv.column'), t('import.problems.csv.problem')]];
  for (const p of problems) {
    rows.push([String(p.line), COLUMNS_IN_TEXT.has(p.code) ? '' : columnLabel(p.column), problemMessage(p)]);
  }
  if (hidden > 0) rows.push(['', '', tn('import.check.more', hidden)]);
  return rows.map((r) => r.map((c) => csvCell(c, sep)).join(sep)).join('\r\n') + '\r\n';
}
