import { has, t } from '../../lib/i18n';
import type { ImportProblem, ImportReport } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';
import { groupDigits } from './import-flow.svelte';

/** Texts the import dialog builds from backend codes; unknown codes fall back to the raw value. */

/** count writes a whole number the locale's way: 12.000 (nl) or 12,000 (en). */
export function count(n: number): string {
  return groupDigits(n, locale.current === 'nl' ? '.' : ',');
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

/** problemMessage translates a problem code: import.problem.*, then validation.*, then the English message. */
export function problemMessage(p: ImportProblem): string {
  for (const key of [`import.problem.${p.code}`, `validation.${p.code}`]) {
    if (has(key)) return t(key);
  }
  return p.message || t('validation.unknown');
}

/** problemPlace is "Regel 12 · Kolom BSN" (or "Regel 12" for a problem with the whole line). */
export function problemPlace(p: ImportProblem): string {
  const line = t('import.problem.line', { line: count(p.line) });
  const column = columnLabel(p.column);
  return column === '' ? line : `${line} · ${t('import.problem.column', { column })}`;
}

/** problemText is the whole line: "Regel 12 · Kolom BSN: <translated text>". */
export function problemText(p: ImportProblem): string {
  return `${problemPlace(p)}: ${problemMessage(p)}`;
}

const SEPARATORS: Record<string, string> = { ';': 'semicolon', ',': 'comma', '\t': 'tab', '|': 'pipe' };

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

/** summary is "128 nieuw · 14 gewijzigd · 3 uit dienst · 411 ongewijzigd · 2 afdelingen worden aangemaakt". */
export function summaryParts(r: ImportReport): string[] {
  const parts = [
    t('import.check.new', { n: count(r.new) }),
    t('import.check.changed', { n: count(r.changed) }),
    t('import.check.ended', { n: count(r.ended) }),
    t('import.check.unchanged', { n: count(r.unchanged) }),
  ];
  // A written report says what happened, a check what will happen.
  if (r.departmentsCreated === 1) parts.push(t(r.written ? 'import.done.department' : 'import.check.department'));
  else if (r.departmentsCreated > 1)
    parts.push(t(r.written ? 'import.done.departments' : 'import.check.departments', { n: count(r.departmentsCreated) }));
  return parts;
}

export function summary(r: ImportReport): string {
  return summaryParts(r).join(' · ');
}
