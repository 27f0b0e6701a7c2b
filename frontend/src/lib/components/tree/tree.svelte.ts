import { untrack } from 'svelte';
import type { TreeQuery, TreeRow, TreeShareFilter, TreeSort, TreeSource, TreeStatusFilter } from './types';

export type TreeStateOptions = {
  /** Rows per request. */
  pageSize?: number;
  /** Pages kept on either side of the pages the viewport needs; farther pages are dropped. */
  keepPages?: number;
  /** Ids expanded at the start, e.g. the employer. */
  expanded?: Iterable<string>;
  status?: TreeStatusFilter;
  share?: TreeShareFilter;
  sort?: TreeSort;
};

/**
 * TreeState is everything the org tree view knows: which rows are expanded, the filters and sort,
 * the selected row, the keyboard focus, and a cache of pages of flattened rows keyed by offset.
 *
 * The rows themselves live in the source. Any change to expansion, filters or sort starts a new
 * generation: the cache becomes "stale" (still drawn, so the view does not flash), the pages the
 * viewport needs are fetched again, and a response from an older generation is thrown away.
 */
export class TreeState {
  readonly source: TreeSource;
  readonly pageSize: number;
  readonly keepPages: number;

  /** Visible rows in the whole flattened tree, as last reported by the source. */
  total = $state(0);
  /** True once the source has answered at least once. */
  loaded = $state(false);
  /** The last failure of the source (cleared by the next good answer). */
  error = $state<unknown>(null);
  selectedId = $state<string | null>(null);
  /** Index of the row that holds the roving tabindex. */
  focusIndex = $state(0);
  /** Bumped when the row order changes wholesale (filters, sort, collapse all): views scroll to top. */
  epoch = $state(0);

  #expanded = $state.raw<ReadonlySet<string>>(new Set());
  #status = $state<TreeStatusFilter>('all');
  #share = $state<TreeShareFilter>('all');
  #sort = $state<TreeSort>('persnr');

  /** Bumped whenever pages arrive or go, so rowAt() readers re-run. */
  #version = $state(0);
  #generation = 0;
  #pages = new Map<number, TreeRow[]>();
  #stale = new Map<number, TreeRow[]>();
  #pending = new Map<number, Promise<TreeRow[] | null>>();
  #viewFirst = 0;
  #viewLast = 0;

  constructor(source: TreeSource, options: TreeStateOptions = {}) {
    this.source = source;
    this.pageSize = Math.max(1, options.pageSize ?? 200);
    this.keepPages = Math.max(0, options.keepPages ?? 2);
    this.#expanded = new Set(options.expanded ?? []);
    this.#status = options.status ?? 'all';
    this.#share = options.share ?? 'all';
    this.#sort = options.sort ?? 'persnr';
  }

  get status(): TreeStatusFilter {
    return this.#status;
  }
  set status(v: TreeStatusFilter) {
    if (v === this.#status) return;
    this.#status = v;
    this.#reset(true);
  }

  get share(): TreeShareFilter {
    return this.#share;
  }
  set share(v: TreeShareFilter) {
    if (v === this.#share) return;
    this.#share = v;
    this.#reset(true);
  }

  get sort(): TreeSort {
    return this.#sort;
  }
  set sort(v: TreeSort) {
    if (v === this.#sort) return;
    this.#sort = v;
    this.#reset(true);
  }

  get expanded(): ReadonlySet<string> {
    return this.#expanded;
  }

  /** True while a request of the current generation is outstanding. */
  get busy(): boolean {
    void this.#version;
    return this.#pending.size > 0;
  }

  isExpanded(id: string): boolean {
    return this.#expanded.has(id);
  }

  expand(id: string): void {
    if (this.#expanded.has(id)) return;
    this.#expanded = new Set(this.#expanded).add(id);
    this.#reset(false);
  }

  collapse(id: string): void {
    if (!this.#expanded.has(id)) return;
    const next = new Set(this.#expanded);
    next.delete(id);
    this.#expanded = next;
    this.#reset(false);
  }

  toggle(id: string): void {
    if (this.#expanded.has(id)) this.collapse(id);
    else this.expand(id);
  }

  /** Replace the whole expansion state, e.g. to restore it or to open everything. */
  setExpanded(ids: Iterable<string>): void {
    this.#expanded = new Set(ids);
    this.#reset(true);
  }

  collapseAll(): void {
    if (this.#expanded.size === 0) return;
    this.setExpanded([]);
  }

  /** The query the source gets for the page at offset. */
  query(offset: number): TreeQuery {
    return {
      expanded: [...this.#expanded],
      offset,
      limit: this.pageSize,
      status: this.#status,
      share: this.#share,
      sort: this.#sort,
    };
  }

  /** The row at index, from the current generation only; undefined while it is not loaded. */
  rowAt(index: number): TreeRow | undefined {
    void this.#version;
    const offset = this.#pageOf(index);
    return this.#pages.get(offset)?.[index - offset];
  }

  /** The row to draw at index: the current row, else the previous generation's while it reloads. */
  displayRowAt(index: number): TreeRow | undefined {
    void this.#version;
    const offset = this.#pageOf(index);
    return (this.#pages.get(offset) ?? this.#stale.get(offset))?.[index - offset];
  }

  /** Tell the state which rows are on screen (first..last inclusive); it loads and drops pages. */
  setViewport(first: number, last: number): void {
    this.#viewFirst = Math.max(0, Math.floor(first));
    this.#viewLast = Math.max(this.#viewFirst, Math.floor(last));
    this.#ensure();
  }

  /** Move the roving focus; clamped to the rows that exist. */
  focus(index: number): number {
    const max = Math.max(0, this.total - 1);
    this.focusIndex = Math.min(max, Math.max(0, Math.round(index)));
    this.#ensure();
    return this.focusIndex;
  }

  select(id: string | null): void {
    this.selectedId = id;
  }

  /** Fetch everything the viewport needs again (after an error, or when the data changed). */
  refresh(): void {
    this.#reset(false);
  }

  /**
   * The index of the parent of the row at index, loading earlier pages if needed; null for a
   * top-level row, or when the tree changed while looking.
   */
  async parentIndex(index: number): Promise<number | null> {
    const gen = this.#generation;
    const row = this.rowAt(index) ?? (await this.#rowLoaded(index));
    if (!row || row.depth === 0 || gen !== this.#generation) return null;
    for (let i = index - 1; i >= 0; i--) {
      const r = this.rowAt(i) ?? (await this.#rowLoaded(i));
      if (!r || gen !== this.#generation) return null;
      if (r.depth < row.depth) return i;
    }
    return null;
  }

  async #rowLoaded(index: number): Promise<TreeRow | undefined> {
    const offset = this.#pageOf(index);
    const rows = this.#pages.get(offset) ?? (await this.#load(offset));
    return rows?.[index - offset];
  }

  #bump(): void {
    untrack(() => this.#version++);
  }

  #pageOf(index: number): number {
    return Math.floor(index / this.pageSize) * this.pageSize;
  }

  #reset(reorder: boolean): void {
    untrack(() => this.#resetNow(reorder));
  }

  #resetNow(reorder: boolean): void {
    this.#generation++;
    // Keep drawing what was on screen until the new rows arrive; after a reorder the old rows
    // would sit at the wrong places, so draw skeletons instead.
    if (reorder) this.#stale = new Map();
    else if (this.#pages.size > 0) this.#stale = this.#pages;
    this.#pages = new Map();
    this.#pending = new Map();
    if (reorder) {
      this.focusIndex = 0;
      this.#viewLast -= this.#viewFirst;
      this.#viewFirst = 0;
      this.epoch++;
    }
    this.#bump();
    this.#ensure();
  }

  #ensure(): void {
    // Called from view effects: reading total/focus here must not make them depend on it.
    untrack(() => this.#ensureNow());
  }

  #ensureNow(): void {
    const size = this.pageSize;
    const half = Math.floor(size / 2);
    let lo = this.#pageOf(Math.max(0, this.#viewFirst - half));
    let hi = this.#pageOf(this.#viewLast + half);
    if (this.loaded) {
      const lastPage = this.#pageOf(Math.max(0, this.total - 1));
      hi = Math.min(hi, lastPage);
      lo = Math.min(lo, hi);
    } else {
      // Until the source tells the total, ask only for the first page the viewport needs.
      hi = lo;
    }
    const focusPage = this.#pageOf(this.focusIndex);
    const wanted = new Set<number>();
    for (let o = lo; o <= hi; o += size) wanted.add(o);
    if (!this.loaded || this.focusIndex < this.total) wanted.add(focusPage);
    for (const o of wanted) if (!this.#pages.has(o)) void this.#load(o);

    // Drop far pages; the one with the focused row stays so keyboard moves keep working.
    const keepLo = lo - this.keepPages * size;
    const keepHi = hi + this.keepPages * size;
    let dropped = false;
    for (const o of this.#pages.keys()) {
      if ((o < keepLo || o > keepHi) && o !== focusPage) {
        this.#pages.delete(o);
        dropped = true;
      }
    }
    if (dropped) this.#bump();
  }

  #load(offset: number): Promise<TreeRow[] | null> {
    const pending = this.#pending.get(offset);
    if (pending) return pending;
    const gen = this.#generation;
    const q = this.query(offset);
    const p = this.source.rows(q).then(
      (page) => {
        if (gen !== this.#generation) return null; // out of date: expansion, filter or sort changed
        this.#pending.delete(offset);
        this.#pages.set(offset, page.rows);
        const totalChanged = page.total !== this.total;
        this.total = page.total;
        this.loaded = true;
        this.error = null;
        if (this.#pending.size === 0) this.#stale = new Map();
        if (this.focusIndex >= page.total) this.focusIndex = Math.max(0, page.total - 1);
        this.#bump();
        if (totalChanged) this.#ensure();
        return page.rows;
      },
      (err: unknown) => {
        if (gen !== this.#generation) return null;
        this.#pending.delete(offset);
        this.error = err;
        this.loaded = true;
        this.#bump();
        return null;
      },
    );
    this.#pending.set(offset, p);
    this.#bump();
    return p;
  }
}
