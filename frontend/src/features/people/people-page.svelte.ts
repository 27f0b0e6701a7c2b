import * as api from '../../lib/api';
import type { AppError, DepartmentInfo, EmployeeDetail, EmployerInfo, RecentEmployee } from '../../lib/api';
import { TreeState, type TreeRow, type TreeSource } from '../../lib/components/tree';

/**
 * moveTargets lists where a department can move to: the departments of its own employer, in the
 * list's order (by path), without the department itself and everything below it (a move there would be a cycle).
 */
export function moveTargets(department: DepartmentInfo, departments: readonly DepartmentInfo[]): DepartmentInfo[] {
  const same = departments.filter((d) => d.employer === department.employer);
  const below = new Set<string>([department.id]);
  // Follow the parent links until nothing new is found; the path prefix also catches a list
  // that lacks a department in between.
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of same) {
      if (!below.has(d.id) && (below.has(d.parent) || d.path.startsWith(`${department.path}/`))) {
        below.add(d.id);
        grew = true;
      }
    }
  }
  return same.filter((d) => !below.has(d.id));
}

export type Selection =
  | { kind: 'employee'; id: string }
  | { kind: 'group'; row: TreeRow }
  | null;

/**
 * PeoplePage is the Medewerkers screen's state: the employers, the org tree (its employers
 * expanded at the start), the departments for pickers, what is selected, and the detail of the
 * selected employee. Reading a detail is audited on the Go side, so it is read only on an
 * explicit selection, and only the newest request's answer is shown.
 */
export class PeoplePage {
  readonly source: TreeSource;
  employers = $state.raw<EmployerInfo[]>([]);
  departments = $state.raw<DepartmentInfo[]>([]);
  tree = $state.raw<TreeState | null>(null);
  loadError = $state<AppError | null>(null);
  /** Employees of all employers, before filters; null until known. */
  employeeCount = $state<number | null>(null);

  selection = $state.raw<Selection>(null);
  detail = $state.raw<EmployeeDetail | null>(null);
  detailBusy = $state(false);
  detailError = $state<AppError | null>(null);
  #detailSeq = 0;
  /** The user's recently visited employees ("Laatst bezocht"), newest first. */
  recent = $state.raw<RecentEmployee[]>([]);

  constructor(source: TreeSource = api.directorySource) {
    this.source = source;
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      const employers = await api.employers();
      this.employers = employers;
      if (!this.tree) this.tree = new TreeState(this.source, { expanded: employers.map((e) => e.id) });
      else this.tree.refresh();
      await Promise.all([this.#count(), this.#loadDepartments(), this.loadRecent()]);
    } catch (e) {
      this.loadError = api.toAppError(e);
    }
  }

  /** Fetch "Laatst bezocht" again; a failure keeps the last list (it is a convenience). */
  async loadRecent(): Promise<void> {
    try {
      this.recent = await api.recentEmployees();
    } catch {
      // The list stays as it was; the tree and search still reach everyone.
    }
  }

  /** Fetch the employers again (one was renamed), then everything else as refresh does. */
  async reloadEmployers(): Promise<void> {
    try {
      this.employers = await api.employers();
    } catch (e) {
      this.loadError = api.toAppError(e);
      return;
    }
    await this.refresh();
  }

  /** Fetch the visible rows, the counts and the departments again, after any write. */
  async refresh(): Promise<void> {
    this.tree?.refresh();
    try {
      await Promise.all([this.#count(), this.#loadDepartments(), this.loadRecent()]);
    } catch {
      // The tree shows its own load error; the counts keep their last value.
    }
  }

  async #count(): Promise<void> {
    const page = await this.source.rows({ expanded: [], offset: 0, limit: 500, status: 'all', share: 'all', sort: 'persnr' });
    this.employeeCount = page.rows.reduce((n, r) => n + (r.depth === 0 ? (r.count ?? 0) : 0), 0);
  }

  async #loadDepartments(): Promise<void> {
    const lists = await Promise.all(this.employers.map((e) => api.departments(e.id)));
    this.departments = lists.flat();
  }

  /** Show an employee in the pane (from the tree or the search box). */
  async openEmployee(id: string): Promise<EmployeeDetail | null> {
    const seq = ++this.#detailSeq;
    this.selection = { kind: 'employee', id };
    this.tree?.select(id);
    this.detailBusy = true;
    this.detailError = null;
    if (this.detail?.id !== id) this.detail = null;
    try {
      const d = await api.employee(id);
      if (seq !== this.#detailSeq) return null;
      this.detail = d;
      void this.loadRecent(); // the backend put this employee first
      return d;
    } catch (e) {
      if (seq !== this.#detailSeq) return null;
      this.detail = null;
      this.detailError = api.toAppError(e);
      return null;
    } finally {
      if (seq === this.#detailSeq) this.detailBusy = false;
    }
  }

  selectGroup(row: TreeRow): void {
    this.#detailSeq++;
    this.selection = { kind: 'group', row };
    this.detail = null;
    this.detailBusy = false;
    this.detailError = null;
  }

  /** A write answered with the employee as it is now: show it without reading it again. */
  showDetail(d: EmployeeDetail): void {
    this.#detailSeq++;
    this.selection = { kind: 'employee', id: d.id };
    this.tree?.select(d.id);
    this.detail = d;
    this.detailBusy = false;
    this.detailError = null;
  }

  clearSelection(): void {
    this.#detailSeq++;
    this.selection = null;
    this.detail = null;
    this.detailBusy = false;
    this.detailError = null;
    this.tree?.select(null);
  }

  department(id: string): DepartmentInfo | undefined {
    return this.departments.find((d) => d.id === id);
  }

  employer(id: string): EmployerInfo | undefined {
    return this.employers.find((e) => e.id === id);
  }

  /** The employer new employees and imports go to: the one in view, else the first. */
  get currentEmployer(): string {
    const s = this.selection;
    if (s?.kind === 'employee' && this.detail) return this.detail.employer;
    if (s?.kind === 'group') {
      if (s.row.kind === 'employer') return s.row.id;
      const dep = this.department(s.row.id);
      if (dep) return dep.employer;
    }
    return this.employers[0]?.id ?? '';
  }

  /** The department a new employee starts in: the selected department, if any. */
  get currentDepartment(): string {
    const s = this.selection;
    if (s?.kind === 'group' && s.row.kind === 'department') return s.row.id;
    return '';
  }
}
