import * as api from '../../lib/api';
import type { AppError } from '../../lib/api';
import { required, type FieldErrors } from '../../lib/validation';
import { NewPassphrase } from '../passphrase/new-passphrase.svelte';

/** ChangePassphraseForm: old, new, repeat -> ChangePassphrase. All fields clear after success. */
export class ChangePassphraseForm {
  old = $state('');
  np = new NewPassphrase();
  errors = $state<FieldErrors>({});
  error = $state<AppError | null>(null);
  done = $state(false);
  busy = $state(false);

  constructor(private readonly related: () => string[]) {}

  async submit(): Promise<void> {
    if (this.busy) return;
    this.done = false;
    this.error = null;
    const e: FieldErrors = {};
    required(e, 'old', this.old);
    this.np.check(e);
    this.errors = e;
    if (Object.keys(e).length > 0) return;

    this.busy = true;
    try {
      if (await this.np.refusedAsWeak(this.related())) {
        this.errors = { passphrase: 'passphrase_weak' };
        return;
      }
      await api.changePassphrase(this.old, this.np.value);
      this.clear();
      this.done = true;
    } catch (err) {
      const ae = api.toAppError(err);
      this.old = '';
      if (ae.code === 'wrong_passphrase') this.errors = { old: 'wrong_passphrase' };
      else if (ae.code === 'invalid_input' && Object.keys(ae.fields).length > 0) this.errors = { ...ae.fields };
      else this.error = ae;
    } finally {
      this.busy = false;
    }
  }

  clear(): void {
    this.old = '';
    this.np.clear();
  }
}
