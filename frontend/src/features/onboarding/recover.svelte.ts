import * as api from '../../lib/api';
import type { AppError } from '../../lib/api';
import { isEmail, required, type FieldErrors } from '../../lib/validation';
import { PassphraseStrength } from './strength.svelte';
import { Countdown } from './countdown.svelte';

/** RecoverForm: recovery code + admin e-mail + new passphrase -> Recover (vault stays locked). */
export class RecoverForm {
  code = $state('');
  email = $state('');
  passphrase = $state('');
  repeat = $state('');
  errors = $state<FieldErrors>({});
  weakProblems = $state<string[]>([]);
  error = $state<AppError | null>(null);
  busy = $state(false);
  strength = new PassphraseStrength();
  countdown = new Countdown();

  related = $derived([this.email.trim()].filter((s) => s !== ''));

  constructor(private readonly onRecovered: () => void) {}

  async submit(): Promise<void> {
    if (this.busy || this.countdown.active) return;
    const e: FieldErrors = {};
    required(e, 'recoveryCode', this.code);
    if (required(e, 'email', this.email) && !isEmail(this.email)) e.email = 'email_format';
    required(e, 'passphrase', this.passphrase);
    if (this.passphrase !== '' && this.repeat !== this.passphrase) e.repeat = this.repeat === '' ? 'required' : 'repeat_mismatch';
    this.errors = e;
    this.error = null;
    if (Object.keys(e).length > 0) return;

    this.busy = true;
    try {
      let check;
      try {
        check = await this.strength.checkNow(this.passphrase, this.related);
      } catch {
        check = null;
      }
      if (check && !check.acceptable) {
        this.errors = { passphrase: 'passphrase_weak' };
        this.weakProblems = check.problems;
        return;
      }
      await api.recover(this.code.trim(), this.email.trim(), this.passphrase);
      this.clearSecrets();
      this.onRecovered();
    } catch (err) {
      const ae = api.toAppError(err);
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
    } finally {
      this.busy = false;
    }
  }

  clearSecrets(): void {
    this.code = '';
    this.passphrase = '';
    this.repeat = '';
    this.strength.reset();
  }

  dispose(): void {
    this.clearSecrets();
    this.countdown.dispose();
  }
}
