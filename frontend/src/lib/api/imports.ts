import * as Import from '../../../wailsjs/go/app/Import';
import { app } from '../../../wailsjs/go/models';
import { call } from './call';

/** The import screen's calls (app/imports.go). */

export interface ImportRequest {
  /** Absolute path from chooseImportFile(). */
  path: string;
  /** Employer id; '' when the vault has one employer. */
  employer: string;
  /** File header → canonical field; '' or '-' leaves the column out. */
  mapping: Record<string, string>;
  /** Force a payroll layout (see importLayouts) when detection is not enough; '' detects it. */
  layout?: string;
}

export interface ImportLayout {
  name: string;
  title: string;
}

/** importLayouts lists the payroll layouts Kluis knows (for "Salarispakket"). */
export async function importLayouts(): Promise<ImportLayout[]> {
  const list = await call(() => Import.Layouts());
  return (list ?? []).map((l) => ({ name: str(l.name), title: str(l.title) }));
}

export interface ImportField {
  name: string;
  required: boolean;
}

export interface ImportColumn {
  header: string;
  /** Canonical field or '' when not mapped. */
  field: string;
}

export interface ImportProblem {
  line: number;
  column: string;
  /** Translate with import.problem.<code> or validation.<code>; message is the English fallback. */
  code: string;
  /** What fills the code's text: numbers, canonical column names, a header (never a cell's value). */
  params: Record<string, string>;
  message: string;
}

export interface ImportReport {
  path: string;
  fileName: string;
  format: string;
  encoding: string;
  separator: string;
  sheet: string;
  layout: string;
  columns: ImportColumn[];
  /** First rows as written, one cell per column. */
  sample: string[][];
  /** Required fields no column maps to. */
  missing: string[];
  rows: number;
  valid: number;
  /** At most 1000; problemCount has them all. */
  problems: ImportProblem[];
  problemCount: number;
  new: number;
  changed: number;
  ended: number;
  unchanged: number;
  departmentsCreated: number;
  written: boolean;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function strings(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

function toReport(r: app.ImportReport): ImportReport {
  return {
    path: str(r.path), fileName: str(r.fileName), format: str(r.format), encoding: str(r.encoding),
    separator: str(r.separator), sheet: str(r.sheet), layout: str(r.layout),
    columns: (r.columns ?? []).map((c) => ({ header: str(c.header), field: str(c.field) })),
    sample: (r.sample ?? []).map((row) => (row ?? []).map(str)),
    missing: (r.missing ?? []).map(str), rows: num(r.rows), valid: num(r.valid),
    problems: (r.problems ?? []).map((p) => ({
      line: num(p.line), column: str(p.column), code: str(p.code), params: strings(p.params), message: str(p.message),
    })),
    problemCount: num(r.problemCount), new: num(r.new), changed: num(r.changed), ended: num(r.ended),
    unchanged: num(r.unchanged), departmentsCreated: num(r.departmentsCreated), written: r.written === true,
  };
}

/** chooseImportFile opens the native file dialog; '' means the user cancelled. */
export async function chooseImportFile(): Promise<string> {
  return call(() => Import.ChooseFile());
}

export async function importFields(): Promise<ImportField[]> {
  const list = await call(() => Import.Fields());
  return (list ?? []).map((f) => ({ name: str(f.name), required: f.required === true }));
}

/** checkImport is the dry run: problems and what an import would do; nothing is written. */
export async function checkImport(req: ImportRequest): Promise<ImportReport> {
  return toReport(await call(() => Import.Check(app.ImportRequest.createFrom({ layout: '', ...req }))));
}

/** commitImport writes the file when clean; progress comes as the 'import:progress' event. */
export async function commitImport(req: ImportRequest): Promise<ImportReport> {
  return toReport(await call(() => Import.Commit(app.ImportRequest.createFrom({ layout: '', ...req }))));
}

/** cancelImport stops a running check or import; a cancelled import leaves the vault as it was. */
export async function cancelImport(): Promise<void> {
  await call(() => Import.Cancel());
}

/** saveImportTemplate asks where to save the template; '' means cancelled. */
export async function saveImportTemplate(format: 'csv' | 'xlsx'): Promise<string> {
  return call(() => Import.SaveTemplate(format));
}

/**
 * saveImportProblems asks where to save the problem list and writes csv (built by the screen from
 * line, column and problem text only); '' means cancelled.
 */
export async function saveImportProblems(csv: string): Promise<string> {
  return call(() => Import.SaveProblemList(csv));
}

export interface InterruptedImport {
  /** Employer name. */
  employer: string;
  /** RFC 3339 time the import started writing. */
  started: string;
  rows: number;
  /**
   * true: the unlock undid it, so nothing of it is in the vault (import the file again);
   * false: it had finished, only its journal was left.
   */
  undone: boolean;
}

/** interruptedImports lists the imports a crash interrupted, as this unlock found and put them right. */
export async function interruptedImports(): Promise<InterruptedImport[]> {
  const list = await call(() => Import.Interrupted());
  return (list ?? []).map((j) => ({ employer: str(j.employer), started: str(j.started), rows: num(j.rows), undone: j.undone === true }));
}
