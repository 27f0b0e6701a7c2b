import * as api from '../../lib/api';
import type { AppError } from '../../lib/api';
import { required, type FieldErrors } from '../../lib/validation';
import { NewPassphraseForm } from '../passphrase/new-passphrase.svelte';

/** ChangePassphraseForm: old, new, repeat -> ChangePassphrase. All fields clear after success. */
export class ChangePassphraseForm extends NewPassphraseForm {
  old = $state('');
  error = $state<AppError | null>(null);
  done = $state(false);

  constructor(private readonly related: () => string[]) {
    super();
  }

  protected relatedWords(): string[] {
    return this.related();
  }

  async submit(): Promise<void> {
    if (this.busy) return;
    this.done = false;
    this.error = null;
    const e: FieldErrors = {};
    required(e, 'old', this.old);
    this.np.check(e);
    this.errors = e;
    if (Object.keys(e).length > 0) return;

    await this.send(
      async () => {
        await api.changePassphrase(this.old, this.np.value);
        this.clear();
        this.done = true;
      },
      (ae) => {
        this.old = '';
        if (ae.code === 'wrong_passphrase') this.errors = { old: 'wrong_passphrase' };
        else if (ae.code === 'invalid_input' && Object.keys(ae.fields).length > 0) this.errors = { ...ae.fields };
        else this.error = ae;
      },
    );
  }

  clear(): void {
    this.old = '';
    this.np.clear();
  }
}
