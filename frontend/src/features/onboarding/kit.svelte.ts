import * as api from '../../lib/api';
import type { AppError, Status } from '../../lib/api';

/** EmergencyKitStep: save the PDF (optional, cancellable), confirm, continue. */
export class EmergencyKitStep {
  savedPath = $state('');
  saving = $state(false);
  confirmed = $state(false);
  busy = $state(false);
  error = $state<AppError | null>(null);
  needConfirm = $state(false);

  constructor(private readonly onDone: (s: Status) => void) {}

  async save(): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    this.error = null;
    try {
      const path = await api.saveEmergencyKit();
      if (path) this.savedPath = path;
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.saving = false;
    }
  }

  async finish(): Promise<void> {
    if (this.busy) return;
    if (!this.confirmed) {
      this.needConfirm = true;
      return;
    }
    this.needConfirm = false;
    this.busy = true;
    this.error = null;
    try {
      this.onDone(await api.confirmEmergencyKit());
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.busy = false;
    }
  }
}
