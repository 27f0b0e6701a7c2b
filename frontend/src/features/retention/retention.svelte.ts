import * as api from '../../lib/api';
import type { AppError, EraseResult, RetentionEntry, RetentionList } from '../../lib/api';
import type { ErasurePhase, EventPayloads } from '../../lib/events';

/**
 * Beheer → Bewaartermijn: the employees past the retention period, a selection of those that may
 * be erased, and one erasure at a time with its confirmation, progress and result. The backend
 * decides (not_erasable names who and why); the selection only offers who the list says may go.
 */

export type ErasureProgress = EventPayloads['retention:erase'];

/** From this many employees on, the confirmation asks to type the number. */
export const TYPED_CONFIRM_FROM = 10;

/** One refused employee from a not_erasable error: persnr and a reason code. */
export interface Refusal {
  persnr: string;
  reason: string;
}

export interface RetentionDeps {
  load: () => Promise<RetentionList>;
  erase: (ids: string[]) => Promise<EraseResult>;
}

const defaults: RetentionDeps = { load: api.retentionList, erase: api.eraseEmployees };

export type Step = 'closed' | 'confirm' | 'running' | 'done';

export class RetentionModel {
  list = $state<RetentionList | null>(null);
  loadError = $state<AppError | null>(null);
  selected = $state<string[]>([]);

  step = $state<Step>('closed');
  /** How many the open dialog is about: the selection when it opened (it is cleared after). */
  target = $state(0);
  typed = $state('');
  progress = $state<ErasureProgress | null>(null);
  result = $state<EraseResult | null>(null);
  error = $state<AppError | null>(null);
  refused = $state<Refusal[]>([]);

  readonly #deps: RetentionDeps;

  constructor(deps: Partial<RetentionDeps> = {}) {
    this.#deps = { ...defaults, ...deps };
  }

  /** The entries that may be erased now. */
  get erasable(): RetentionEntry[] {
    return (this.list?.entries ?? []).filter((e) => e.blocked === '');
  }

  get count(): number {
    return this.selected.length;
  }

  /** Whether the confirmation asks to type the number. */
  get needsTyping(): boolean {
    return this.count >= TYPED_CONFIRM_FROM;
  }

  /** Whether the confirmation may go ahead: something chosen and, for many, the number typed. */
  get canErase(): boolean {
    return this.count > 0 && (!this.needsTyping || this.typed.trim() === String(this.count));
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      const list = await this.#deps.load();
      this.list = list;
      const ok = new Set(list.entries.filter((e) => e.blocked === '').map((e) => e.employeeId));
      this.selected = this.selected.filter((id) => ok.has(id));
    } catch (e) {
      this.loadError = api.toAppError(e);
    }
  }

  isSelected(id: string): boolean {
    return this.selected.includes(id);
  }

  toggle(id: string): void {
    if (this.isSelected(id)) this.selected = this.selected.filter((x) => x !== id);
    else if (this.erasable.some((e) => e.employeeId === id)) this.selected = [...this.selected, id];
  }

  selectAll(): void {
    this.selected = this.erasable.map((e) => e.employeeId);
  }

  selectNone(): void {
    this.selected = [];
  }

  /** open starts the confirmation for the selection. */
  open(): void {
    if (this.count === 0 || this.step === 'running') return;
    this.typed = '';
    this.error = null;
    this.refused = [];
    this.result = null;
    this.target = this.count;
    this.step = 'confirm';
  }

  /** close ends the dialog; not while the erasure runs. */
  close(): void {
    if (this.step !== 'running') this.step = 'closed';
  }

  onProgress(p: ErasureProgress): void {
    if (this.step === 'running') this.progress = p;
  }

  /** erase runs the erasure of the selection after the confirmation. */
  async erase(): Promise<void> {
    if (this.step !== 'confirm' || !this.canErase) return;
    const ids = [...this.selected];
    this.step = 'running';
    this.progress = null;
    this.error = null;
    this.refused = [];
    try {
      this.result = await this.#deps.erase(ids);
      this.selected = [];
      this.step = 'done';
    } catch (e) {
      const err = api.toAppError(e);
      this.error = err;
      const persnr = err.params?.['persnr'] ?? [];
      const reason = err.params?.['reason'] ?? [];
      this.refused = persnr.map((p, i) => ({ persnr: p, reason: reason[i] ?? '' }));
      this.step = 'confirm';
    }
    await this.load();
  }

  /** The phase to name while running (erase before the first event). */
  get phase(): ErasurePhase {
    return this.progress?.phase ?? 'erase';
  }
}
