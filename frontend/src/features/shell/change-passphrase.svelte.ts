import * as api from '../../lib/api';
import type { AppError } from '../../lib/api';
import { required, type FieldErrors } from '../../lib/validation';
import { PassphraseStrength } from '../onboarding/strength.svelte';

/** ChangePassphraseForm: old, new, repeat -> ChangePassphrase. All fields clear after success. */
export class ChangePassphraseForm {
  old = $state('');
  passphrase = $state('');
  repeat = $state('');
  errors = $state<FieldErrors>({});
  weakProblems = $state<string[]>([]);
  error = $state<AppError | null>(null);
  done = $state(false);
  busy = $state(false);
  strength = new PassphraseStrength();

  constructor(private readonly related: () => string[]) {}

  async submit(): Promise<void> {
    if (this.busy) return;
    this.done = false;
    this.error = null;
    const e: FieldErrors = {};
    required(e, 'old', this.old);
    required(e, 'passphrase', this.passphrase);
    if (this.passphrase !== '' && this.repeat !== this.passphrase) e.repeat = this.repeat === '' ? 'required' : 'repeat_mismatch';
    this.errors = e;
    if (Object.keys(e).length > 0) return;

    this.busy = true;
    try {
      let check;
      try {
        check = await this.strength.checkNow(this.passphrase, this.related());
      } catch {
        check = null;
      }
      if (check && !check.acceptable) {
        this.errors = { passphrase: 'passphrase_weak' };
        this.weakProblems = check.problems;
        return;
      }
      await api.changePassphrase(this.old, this.passphrase);
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
    this.passphrase = '';
    this.repeat = '';
    this.weakProblems = [];
    this.strength.reset();
  }
}
