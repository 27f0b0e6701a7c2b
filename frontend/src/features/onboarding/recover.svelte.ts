import * as api from '../../lib/api';
import type { AppError } from '../../lib/api';
import { isEmail, required, type FieldErrors } from '../../lib/validation';
import { NewPassphraseForm } from '../passphrase/new-passphrase.svelte';
import { Countdown } from './countdown.svelte';

/** RecoverForm: recovery code + admin e-mail + new passphrase -> Recover (vault stays locked). */
export class RecoverForm extends NewPassphraseForm {
  code = $state('');
  email = $state('');
  error = $state<AppError | null>(null);
  countdown = new Countdown();

  related = $derived([this.email.trim()].filter((s) => s !== ''));

  constructor(private readonly onRecovered: () => void) {
    super();
  }

  protected relatedWords(): string[] {
    return this.related;
  }

  async submit(): Promise<void> {
    if (this.busy || this.countdown.active) return;
    const e: FieldErrors = {};
    required(e, 'recoveryCode', this.code);
    if (required(e, 'email', this.email) && !isEmail(this.email)) e.email = 'email_format';
    this.np.check(e);
    this.errors = e;
    this.error = null;
    if (Object.keys(e).length > 0) return;

    await this.send(
      async () => {
        await api.recover(this.code.trim(), this.email.trim(), this.np.value);
        this.clearSecrets();
        this.onRecovered();
      },
      (ae) => this.#fail(ae),
    );
  }

  #fail(ae: AppError): void {
    if (ae.code === 'invalid_input' && Object.keys(ae.fields).length > 0) {
      const f: FieldErrors = {};
      for (const [k, v] of Object.entries(ae.fields)) {
        f[k === 'adminEmail' ? 'email' : k === 'newPassphrase' ? 'passphrase' : k] = v;
      }
      this.errors = f;
    } else if (ae.code === 'recovery_code_invalid') {
      this.errors = { recoveryCode: 'recovery_code_invalid' };
    } else {
      if (ae.code === 'too_many_attempts' && ae.retryAt) this.countdown.start(ae.retryAt);
      this.error = ae;
    }
  }

  clearSecrets(): void {
    this.code = '';
    this.np.clear();
  }

  dispose(): void {
    this.clearSecrets();
    this.countdown.dispose();
  }
}
