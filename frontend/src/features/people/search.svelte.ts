import * as api from '../../lib/api';
import type { AppError, SearchHit } from '../../lib/api';

/**
 * EmployeeSearch drives the search box: it waits `delay` ms after the last keystroke, asks the
 * backend, and keeps only the answer to the newest question (an older answer that arrives late is
 * thrown away, so the list never shows results for text that is no longer in the box).
 */
export class EmployeeSearch {
  query = $state('');
  hits = $state.raw<SearchHit[]>([]);
  /** How many employees the answered query matches in all (more than hits.length when cut). */
  total = $state(0);
  /** Index of the highlighted option, -1 for none. */
  active = $state(-1);
  /** Whether the listbox is shown. */
  open = $state(false);
  busy = $state(false);
  error = $state<AppError | null>(null);
  /** The query the shown hits answer; '' before the first answer. */
  answered = $state('');

  readonly delay: number;
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(delay = 150) {
    this.delay = delay;
  }

  /** The box's text changed. */
  input(value: string): void {
    this.query = value;
    this.active = -1;
    this.#cancelTimer();
    if (value.trim() === '') {
      this.#seq++; // an answer still on its way is for text that is gone
      this.hits = [];
      this.total = 0;
      this.active = -1;
      this.open = false;
      this.busy = false;
      this.error = null;
      this.answered = '';
      return;
    }
    this.busy = true;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.run(value);
    }, this.delay);
  }

  /** Ask now (no debounce); used by input() after the delay. */
  async run(value: string): Promise<void> {
    const seq = ++this.#seq;
    this.busy = true;
    try {
      const answer = await api.search(value);
      if (seq !== this.#seq) return;
      this.hits = answer.hits;
      this.total = Math.max(answer.total, answer.hits.length);
      this.error = null;
      this.answered = value;
      this.active = -1;
      this.open = true;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.hits = [];
      this.total = 0;
      this.error = api.toAppError(e);
      this.answered = value;
      this.active = -1;
      this.open = true;
    } finally {
      if (seq === this.#seq) this.busy = false;
    }
  }

  /** Whether the backend found more employees than it sent: the list says "50 van 312". */
  get capped(): boolean {
    return this.total > this.hits.length;
  }

  /** Whether the box holds a birth date alone: a birth date is searched only with a postcode. */
  get birthDateOnly(): boolean {
    return isBirthDateAlone(this.query);
  }

  /** Whether the hits answer the text now in the box (not a previous query still on screen). */
  get fresh(): boolean {
    return this.answered === this.query;
  }

  /** Move the highlight by delta, wrapping around; opens the list if it has hits. Hits of a
   * previous query cannot be highlighted while the new one is on its way. */
  move(delta: number): void {
    const n = this.hits.length;
    if (n === 0 || !this.fresh) return;
    this.open = true;
    if (this.active < 0) this.active = delta > 0 ? 0 : n - 1;
    else this.active = (this.active + delta + n) % n;
  }

  first(): void {
    if (this.hits.length > 0 && this.fresh) this.active = 0;
  }

  last(): void {
    if (this.hits.length > 0 && this.fresh) this.active = this.hits.length - 1;
  }

  get current(): SearchHit | undefined {
    return this.active >= 0 && this.fresh ? this.hits[this.active] : undefined;
  }

  close(): void {
    this.open = false;
    this.active = -1;
  }

  /** Reopen the last answer (focus back in a box that still has text). */
  reopen(): void {
    if (this.query.trim() !== '' && this.answered === this.query) this.open = true;
  }

  clear(): void {
    this.input('');
  }

  dispose(): void {
    this.#cancelTimer();
    this.#seq++;
  }

  #cancelTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

const DATE_ALONE = /^(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{2}-\d{2})$/;

/** isBirthDateAlone: "12-03-1985" (or 1985-03-12) without the postcode a birth date search needs. */
export function isBirthDateAlone(query: string): boolean {
  return DATE_ALONE.test(query.trim());
}
