/**
 * The contract between the org tree view and whatever computes its rows. The backend (the Go
 * facade over Wails IPC, or the in-memory fake in features/people) flattens the tree for the
 * current expansion state, filters and sort, and hands back one page of visible rows at a time.
 */

export type TreeRowKind = 'employer' | 'department' | 'employee';

export type TreeStatusFilter = 'all' | 'active' | 'ended';
export type TreeShareFilter = 'all' | 'shared' | 'unshared';
export type TreeSort = 'persnr' | 'name';

export interface TreeRow {
  id: string;
  kind: TreeRowKind;
  /** 0 for an employer; each level below adds one. aria-level is depth + 1. */
  depth: number;
  /** Name of an employer or department; an employee's display name, or '' while anonymised. */
  label: string;
  persnr?: string;
  anonymised?: boolean;
  shared?: boolean;
  active?: boolean;
  hasChildren: boolean;
  expanded: boolean;
  /** Employees below an employer or department (after filters), and how many of them are active. */
  count?: number;
  activeCount?: number;
  /**
   * Position among siblings and the number of siblings (1-based), for aria-posinset and
   * aria-setsize. A virtualised tree cannot let the browser count them, so the source must.
   */
  posInSet?: number;
  setSize?: number;
}

export interface TreePage {
  /** Number of visible rows in the whole flattened tree. */
  total: number;
  offset: number;
  rows: TreeRow[];
}

export interface TreeQuery {
  expanded: string[];
  offset: number;
  limit: number;
  status: TreeStatusFilter;
  share: TreeShareFilter;
  sort: TreeSort;
}

export interface TreeSource {
  rows(q: TreeQuery): Promise<TreePage>;
}
