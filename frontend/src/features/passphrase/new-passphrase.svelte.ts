import * as api from '../../lib/api';
import type { AppError } from '../../lib/api';
import { fieldText, problemText } from '../../lib/i18n';
import { required, type FieldErrors } from '../../lib/validation';
import { PassphraseStrength } from './strength.svelte';

/**
 * NewPassphrase is the "new passphrase + repeat + strength meter" part that creating a vault,
 * recovering it and changing a passphrase share: the two values, the meter's live verdict, and
 * the reasons a passphrase was refused. It lives as long as its form, so secrets do too.
 */
export class NewPassphrase {
  value = $state('');
  repeat = $state('');
  /** Problem codes behind a 'passphrase_weak' error, for the field's message. */
  weakProblems = $state<string[]>([]);
  strength = new PassphraseStrength();
  /** The two values as they were when the form was last checked (its errors are about these). */
  #checked = $state({ value: '', repeat: '' });

  /**
   * @param related words from the same form (names, e-mail, employer) that a good passphrase does
   * not contain; read reactively, so a derived list keeps the meter current.
   */
  constructor(readonly related: () => string[] = () => []) {}

  /** check records a missing passphrase or a repeat that differs, under the given field names. */
  check(e: FieldErrors, field = 'passphrase', repeatField = 'repeat'): void {
    this.#checked = { value: this.value, repeat: this.repeat };
    required(e, field, this.value);
    if (this.value !== '' && this.repeat !== this.value) e[repeatField] = this.repeat === '' ? 'required' : 'repeat_mismatch';
    if (!e[field]) this.weakProblems = [];
  }

  /**
   * refusedAsWeak asks the backend for a verdict right now (on submit) and reports whether the
   * passphrase must be refused, keeping the reasons. When the check itself fails the form goes
   * ahead: the backend checks again when it receives the passphrase.
   */
  async refusedAsWeak(): Promise<boolean> {
    let verdict;
    try {
      verdict = await this.strength.checkNow(this.value, this.related());
    } catch {
      return false;
    }
    if (!verdict || verdict.acceptable) return false;
    this.weakProblems = verdict.problems;
    return true;
  }

  /**
   * stillApplies drops an error the user has since fixed: a missing value once typed, a repeat
   * that now matches, and any other code (weak, refused by the backend) once the value changed.
   */
  stillApplies(which: 'value' | 'repeat', code: string | undefined): string | undefined {
    if (!code) return undefined;
    if (code === 'required') return (which === 'value' ? this.value : this.repeat) === '' ? code : undefined;
    if (code === 'repeat_mismatch') return this.repeat !== this.value ? code : undefined;
    const now = which === 'value' ? this.value : this.repeat;
    return now === this.#checked[which] ? code : undefined;
  }

  /** errorText is the message for a field code: for a weak passphrase, followed by the reasons. */
  errorText(code: string | undefined): string | undefined {
    if (!code) return undefined;
    if (code === 'passphrase_weak' && this.weakProblems.length > 0) {
      return `${fieldText(code)} ${this.weakProblems.map(problemText).join(' ')}`;
    }
    return fieldText(code);
  }

  /** clear wipes both values and the verdict. */
  clear(): void {
    this.value = '';
    this.repeat = '';
    this.weakProblems = [];
    this.#checked = { value: '', repeat: '' };
    this.strength.reset();
  }
}

/**
 * NewPassphraseForm is what the forms that set a new passphrase (create, recover, change) share:
 * the passphrase part, the field errors, and the last step of submitting, once the fields are
 * valid. Each form keeps its own fields, checks and error mapping.
 */
export abstract class NewPassphraseForm {
  np = new NewPassphrase(() => this.relatedWords());
  errors = $state<FieldErrors>({});
  busy = $state(false);

  /** relatedWords are the form's names, e-mail and employer, which a good passphrase avoids. */
  protected abstract relatedWords(): string[];

  /**
   * send runs `action` while the form is busy, unless the backend's strength check refuses the
   * passphrase, which then shows as the field's 'passphrase_weak' error. A failure of `action`
   * reaches `fail` as an AppError.
   */
  protected async send(action: () => Promise<void>, fail: (err: AppError) => void): Promise<void> {
    this.busy = true;
    try {
      if (await this.np.refusedAsWeak()) {
        this.errors = { ...this.errors, passphrase: 'passphrase_weak' };
        return;
      }
      await action();
    } catch (e) {
      fail(api.toAppError(e));
    } finally {
      this.busy = false;
    }
  }
}
