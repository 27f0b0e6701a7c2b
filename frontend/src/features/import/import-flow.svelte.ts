import * as api from '../../lib/api';
import { toAppError } from '../../lib/api';
import type { AppError, ImportField, ImportLayout, ImportProblem, ImportReport, InterruptedImport } from '../../lib/api';
import type { EventPayloads } from '../../lib/events';
import { problemsCsv } from './labels';

/** The four steps of the stepper: 1 Bestand · 2 Kolommen · 3 Controle · 4 Importeren. */
export type ImportStep = 1 | 2 | 3 | 4;

/** What runs in the backend right now; anything but 'idle' makes the dialog non-dismissable. */
export type RunState = 'idle' | 'checking' | 'writing' | 'cancelling';

/** How step 4 ended: null while it runs (or before it ran). */
export type Outcome = null | 'written' | 'cancelled' | 'failed';

/** A quiet status line for the aria-live region; `seq` changes on every event so repeats are announced. */
export type Announcement =
  | { kind: 'checked'; seq: number }
  | { kind: 'checkCancelled'; seq: number }
  | { kind: 'written'; seq: number }
  | { kind: 'cancelled'; seq: number }
  | { kind: 'error'; seq: number }
  | { kind: 'templateSaved'; seq: number };

export type ImportProgress = EventPayloads['import:progress'];

/** The value of a column's <select> that leaves it out by choice ("niet importeren"); sent as '-'. */
export const SKIP = '-';

/**
 * The value of a column's <select> while nothing is chosen: a column the backend mapped to no
 * field. It is not sent, so a column holding data stays a problem (unmapped_column) until the
 * user maps it or chooses "niet importeren": no column is left out without that choice.
 */
export const UNSET = '';

/** The "Salarispakket" value that lets the backend detect the payroll layout. */
export const AUTO_LAYOUT = '';

/** The problem code that asks the user to choose the payroll layout (numeric name-usage codes). */
export const AMBIGUOUS_CODE = 'ambiguous_code';

/** How many problem lines the list renders at first; "Meer tonen" adds the next batch. */
export const PROBLEM_PAGE = 200;

export interface ProblemGroup {
  line: number;
  problems: ImportProblem[];
}

export interface DuplicateMapping {
  field: string;
  headers: string[];
}

/** groupProblems groups problems by line, lines ascending, keeping each line's order. */
export function groupProblems(problems: readonly ImportProblem[]): ProblemGroup[] {
  const byLine = new Map<number, ImportProblem[]>();
  for (const p of problems) {
    const list = byLine.get(p.line);
    if (list) list.push(p);
    else byLine.set(p.line, [p]);
  }
  return [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([line, list]) => ({ line, problems: list }));
}

/**
 * mappingOf builds the request mapping: every header → its field, or '-' where the user chose to
 * leave it out. A column with nothing chosen (UNSET) is not sent: the backend then reports it when
 * it holds data, instead of reading the silence as "niet importeren".
 */
export function mappingOf(headers: readonly string[], selection: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((h, i) => {
    const f = selection[i] ?? UNSET;
    if (f === UNSET) return;
    out[h] = f;
  });
  return out;
}

/** selectionOf is a report's columns as select values: the field, '-' where the mapping left it out, else UNSET. */
export function selectionOf(columns: readonly { header: string; field: string }[], mapping: Record<string, string>): string[] {
  return columns.map((c) => (c.field !== '' ? c.field : mapping[c.header] === SKIP ? SKIP : UNSET));
}

/** samplesOf gives up to `max` non-empty sample values of one column, cut at `width` characters. */
export function samplesOf(sample: readonly (readonly string[])[], column: number, max = 3, width = 32): string[] {
  const out: string[] = [];
  for (const row of sample) {
    const v = (row[column] ?? '').trim();
    if (v === '') continue;
    out.push(v.length > width ? `${v.slice(0, width - 1)}…` : v);
    if (out.length === max) break;
  }
  return out;
}

/**
 * ImportFlow drives the import dialog: choose a file, map its columns, check it (the dry run),
 * then write it all or nothing with progress and cancel. It holds no texts; the component
 * translates its state. One instance per open dialog.
 */
export class ImportFlow {
  step = $state<ImportStep>(1);
  fields = $state<ImportField[]>([]);
  interrupted = $state<InterruptedImport[]>([]);
  /** The payroll layouts the backend knows, for the "Salarispakket" choice. */
  layouts = $state<ImportLayout[]>([]);

  /** The chosen file; '' before one is chosen. */
  path = $state('');
  /** The last check's report (or a refused commit's report, which has the same shape). */
  report = $state<ImportReport | null>(null);
  /** Per column of the report, the field the user chose; SKIP leaves it out, UNSET is not chosen yet. */
  selection = $state<string[]>([]);
  /** The selection the current report was checked with. */
  #checkedSelection = $state<string[]>([]);
  /** True once the user asked for their own mapping (step 2's recheck): later checks send it. */
  customMapping = $state(false);
  /**
   * The payroll layout the user chose in step 2 ("Salarispakket"); null while they chose nothing,
   * AUTO_LAYOUT ('') for "Automatisch herkennen". Every later check and the commit send it.
   */
  layoutChoice = $state<string | null>(null);

  running = $state<RunState>('idle');
  progress = $state<ImportProgress>({ phase: 'checking', done: 0, total: 0 });
  error = $state<AppError | null>(null);
  outcome = $state<Outcome>(null);
  /** The written import's report. */
  result = $state<ImportReport | null>(null);
  /** A commit found problems a moment after the check said the file was clean (the file changed). */
  changedSinceCheck = $state(false);

  templateBusy = $state<'csv' | 'xlsx' | null>(null);
  templatePath = $state('');
  /** Saving the problem list as CSV is under way. */
  problemsBusy = $state(false);
  /** Where the problem list was saved ('' before it was). */
  problemsPath = $state('');

  announcement = $state<Announcement | null>(null);
  problemLimit = $state(PROBLEM_PAGE);

  #seq = 0;
  #run = 0;
  /** The mapping the current report was checked with; a commit sends the same one. */
  #checkedMapping: Record<string, string> = {};
  /** The layout the current report was checked with ('' = detected); a commit sends the same one. */
  #checkedLayout = $state(AUTO_LAYOUT);

  constructor(private readonly employer: () => string) {}

  busy = $derived(this.running !== 'idle');

  headers = $derived(this.report?.columns.map((c) => c.header) ?? []);

  /** The select's value: the user's choice, else the layout the check detected (or automatic). */
  layout = $derived(this.layoutChoice ?? this.report?.layout ?? AUTO_LAYOUT);

  /** The layout sent with the next check: only what the user chose; '' lets the backend detect it. */
  requestedLayout = $derived(this.layoutChoice ?? AUTO_LAYOUT);

  /** The columns' selection differs from what the last check used. */
  mappingEdited = $derived(
    this.report !== null && this.report.columns.some((_, i) => (this.selection[i] ?? UNSET) !== (this.#checkedSelection[i] ?? UNSET)),
  );

  /**
   * The chosen layout differs from what the last check used. Choosing the layout the check
   * detected anyway changes nothing, so it does not count.
   */
  layoutChanged = $derived(
    this.report !== null &&
      this.layoutChoice !== null &&
      this.layoutChoice !== this.#checkedLayout &&
      this.layoutChoice !== this.report.layout,
  );

  /** The selection or the layout differs from what the last check used: the report is stale until rechecked. */
  dirty = $derived(this.mappingEdited || this.layoutChanged);

  /** The check found numeric codes whose meaning depends on the payroll layout: the user must choose it. */
  ambiguous = $derived(this.report?.problems.some((p) => p.code === AMBIGUOUS_CODE) ?? false);

  /** The check asks for the mapping step: a required field has no column, or a column has no field. */
  needsMapping = $derived(
    this.report !== null && (this.report.missing.length > 0 || this.report.columns.some((c) => c.field === '')),
  );

  requiredFields = $derived(this.fields.filter((f) => f.required).map((f) => f.name));

  /** Required fields no column is mapped to, by the current selection. */
  missingRequired = $derived(
    this.report === null ? [] : this.requiredFields.filter((f) => !this.selection.includes(f)),
  );

  /** Fields two or more columns are mapped to, by the current selection. */
  duplicates = $derived.by((): DuplicateMapping[] => {
    const by = new Map<string, string[]>();
    this.selection.forEach((f, i) => {
      if (f === SKIP || f === UNSET) return;
      const list = by.get(f) ?? [];
      list.push(this.headers[i] ?? '');
      by.set(f, list);
    });
    return [...by.entries()].filter(([, hs]) => hs.length > 1).map(([field, headers]) => ({ field, headers }));
  });

  problemGroups = $derived(groupProblems(this.report?.problems ?? []));
  /** Problems the backend counted but did not send (it sends at most 1000). */
  hiddenProblems = $derived(this.report ? Math.max(0, this.report.problemCount - this.report.problems.length) : 0);
  visibleGroups = $derived(this.problemGroups.slice(0, this.problemLimit));

  changes = $derived(
    this.report ? this.report.new + this.report.changed + this.report.ended + this.report.departmentsCreated : 0,
  );

  /** Import only a clean, current check that changes something. */
  canImport = $derived(
    this.report !== null &&
      !this.busy &&
      !this.dirty &&
      this.report.problemCount === 0 &&
      this.report.missing.length === 0 &&
      this.changes > 0,
  );

  /** Stepper: which steps can be visited now (never 4; that runs through "Importeren"). */
  canVisit(step: ImportStep): boolean {
    if (this.busy || step === this.step || step === 4) return false;
    if (this.step === 4 && this.outcome === 'written') return false;
    return step === 1 || this.report !== null;
  }

  visit(step: ImportStep): void {
    if (!this.canVisit(step)) return;
    this.step = step;
    this.error = null;
    this.outcome = null;
  }

  /** load fetches the field list, the payroll layouts and interrupted imports; none is fatal when it fails. */
  async load(): Promise<void> {
    const [fields, interrupted, layouts] = await Promise.allSettled([
      api.importFields(),
      api.interruptedImports(),
      api.importLayouts(),
    ]);
    if (fields.status === 'fulfilled') this.fields = fields.value;
    else this.error = toAppError(fields.reason);
    if (interrupted.status === 'fulfilled') this.interrupted = interrupted.value;
    if (layouts.status === 'fulfilled') this.layouts = layouts.value;
  }

  async choose(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    let path: string;
    try {
      path = await api.chooseImportFile();
    } catch (e) {
      this.error = toAppError(e);
      return;
    }
    if (path === '') return;
    this.path = path;
    this.report = null;
    this.selection = [];
    this.customMapping = false;
    // Another file may come from another payroll system: detect its layout again.
    this.layoutChoice = null;
    await this.#check({});
  }

  /** recheckMapping re-reads the file with the user's mapping (step 2's "Opnieuw controleren"). */
  async recheckMapping(): Promise<void> {
    if (this.busy || !this.report) return;
    // Only the layout changed: let the chosen layout recognise the columns instead of pinning
    // the columns the previous layout found.
    if (!this.customMapping && !this.mappingEdited && this.layoutChanged) {
      await this.#check({});
      return;
    }
    this.customMapping = true;
    await this.#check(mappingOf(this.headers, this.selection));
  }

  /** recheck re-reads the same file, e.g. after the user fixed it (step 3's "Opnieuw controleren"). */
  async recheck(): Promise<void> {
    if (this.busy || this.path === '') return;
    await this.#check(this.customMapping ? mappingOf(this.headers, this.selection) : {});
  }

  select(column: number, field: string): void {
    if (column < 0 || column >= this.selection.length) return;
    this.selection[column] = field;
  }

  /** chooseLayout takes step 2's "Salarispakket" choice; AUTO_LAYOUT lets the backend detect it. */
  chooseLayout(layout: string): void {
    if (this.busy) return;
    this.layoutChoice = layout;
  }

  showMoreProblems(): void {
    this.problemLimit += PROBLEM_PAGE;
  }

  async #check(mapping: Record<string, string>): Promise<void> {
    const run = ++this.#run;
    const first = this.report === null;
    this.running = 'checking';
    this.progress = { phase: 'checking', done: 0, total: 0 };
    this.error = null;
    this.changedSinceCheck = false;
    const layout = this.requestedLayout;
    try {
      const report = await api.checkImport({ path: this.path, employer: this.employer(), mapping, layout });
      if (run !== this.#run) return;
      if (this.#cancelling()) {
        this.#checkCancelled();
        return;
      }
      this.#useReport(report, mapping, layout);
      this.step = first ? (this.needsMapping ? 2 : 3) : report.missing.length > 0 ? 2 : 3;
      this.#announce('checked');
    } catch (e) {
      if (run !== this.#run) return;
      const err = toAppError(e);
      if (err.code === 'cancelled' || this.#cancelling()) this.#checkCancelled();
      else {
        this.error = err;
        this.#announce('error');
      }
    } finally {
      if (run === this.#run) this.running = 'idle';
    }
  }

  /** A method, not a comparison, so TypeScript does not narrow `running` across an await. */
  #cancelling(): boolean {
    return this.running === 'cancelling';
  }

  #checkCancelled(): void {
    if (this.report === null) this.step = 1;
    this.#announce('checkCancelled');
  }

  #useReport(report: ImportReport, mapping: Record<string, string>, layout: string): void {
    this.report = report;
    this.selection = selectionOf(report.columns, mapping);
    this.#checkedSelection = [...this.selection];
    this.#checkedMapping = mapping;
    this.#checkedLayout = layout;
    this.problemLimit = PROBLEM_PAGE;
    this.problemsPath = '';
  }

  /** commit writes the checked file with the mapping it was checked with. */
  async commit(): Promise<void> {
    if (!this.canImport) return;
    const run = ++this.#run;
    this.step = 4;
    this.running = 'writing';
    this.outcome = null;
    this.result = null;
    this.error = null;
    this.progress = { phase: 'checking', done: 0, total: 0 };
    try {
      const report = await api.commitImport({
        path: this.path,
        employer: this.employer(),
        mapping: this.#checkedMapping,
        layout: this.#checkedLayout,
      });
      if (run !== this.#run) return;
      if (report.written) {
        this.result = report;
        this.outcome = 'written';
        this.#announce('written');
      } else {
        // The file changed since the check: nothing was written; show what is wrong now.
        this.#useReport(report, this.#checkedMapping, this.#checkedLayout);
        this.changedSinceCheck = true;
        this.step = report.missing.length > 0 ? 2 : 3;
        this.#announce('checked');
      }
    } catch (e) {
      if (run !== this.#run) return;
      const err = toAppError(e);
      if (err.code === 'cancelled') {
        this.outcome = 'cancelled';
        this.#announce('cancelled');
      } else {
        this.outcome = 'failed';
        this.error = err;
        this.#announce('error');
      }
    } finally {
      if (run === this.#run) this.running = 'idle';
    }
  }

  /**
   * cancel stops the running check or import. The outcome follows when the backend call returns:
   * a cancelled import has rolled back by then, so "nothing was saved" is true when we say it.
   */
  async cancel(): Promise<void> {
    if (this.running !== 'checking' && this.running !== 'writing') return;
    this.running = 'cancelling';
    try {
      await api.cancelImport();
    } catch (e) {
      this.error = toAppError(e);
    }
  }

  /** onProgress takes an import:progress event; only a running check or import listens. */
  onProgress(p: ImportProgress): void {
    if (this.running === 'idle') return;
    this.progress = p;
  }

  /** saveTemplate writes the empty template through the native save dialog. */
  async saveTemplate(format: 'csv' | 'xlsx'): Promise<void> {
    if (this.templateBusy) return;
    this.templateBusy = format;
    this.error = null;
    try {
      const path = await api.saveImportTemplate(format);
      if (path !== '') {
        this.templatePath = path;
        this.#announce('templateSaved');
      }
    } catch (e) {
      this.error = toAppError(e);
    } finally {
      this.templateBusy = null;
    }
  }

  /**
   * saveProblems saves the check's problem list (line, column, problem text; no cell values) as
   * CSV through the native save dialog.
   */
  async saveProblems(): Promise<void> {
    const r = this.report;
    if (this.problemsBusy || !r || r.problems.length === 0) return;
    this.problemsBusy = true;
    this.error = null;
    try {
      const path = await api.saveImportProblems(problemsCsv(r.problems, this.hiddenProblems));
      if (path !== '') this.problemsPath = path;
    } catch (e) {
      this.error = toAppError(e);
    } finally {
      this.problemsBusy = false;
    }
  }

  /** cancelOther stops an import left running elsewhere (after import_busy). */
  async cancelOther(): Promise<void> {
    try {
      await api.cancelImport();
      this.error = null;
    } catch (e) {
      this.error = toAppError(e);
    }
  }

  /** backToCheck leaves a cancelled or failed import for the check step. */
  backToCheck(): void {
    if (this.busy || this.step !== 4 || this.outcome === 'written') return;
    this.outcome = null;
    this.error = null;
    this.step = this.report ? 3 : 1;
  }

  #announce(kind: Announcement['kind']): void {
    this.announcement = { kind, seq: ++this.#seq };
  }
}
