import * as api from '../../lib/api';
import type { AppError, DossierView } from '../../lib/api';

/**
 * DossierState is one employee's share panel: the dossier as last read or as a change answered
 * it. Reading it is audited on the Go side, so it is read when the panel opens, and only the
 * newest answer is kept.
 */
export class DossierState {
  view = $state.raw<DossierView | null>(null);
  error = $state<AppError | null>(null);
  loading = $state(false);
  #seq = 0;

  async load(employeeId: string): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    this.error = null;
    try {
      const view = await api.dossier(employeeId);
      if (seq === this.#seq) this.view = view;
    } catch (e) {
      if (seq === this.#seq) this.error = api.toAppError(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** A change answered with the dossier as it is now: show it without reading it again. */
  set(view: DossierView): void {
    this.#seq++;
    this.view = view;
    this.error = null;
    this.loading = false;
  }
}
