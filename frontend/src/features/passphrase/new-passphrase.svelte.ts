import type { FieldErrors } from '../../lib/validation';
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

  /** check records a missing passphrase or a repeat that differs, under the given field names. */
  check(e: FieldErrors, field = 'passphrase', repeatField = 'repeat'): void {
    if (this.value.trim() === '') e[field] = 'required';
    else if (this.repeat !== this.value) e[repeatField] = this.repeat === '' ? 'required' : 'repeat_mismatch';
    if (!e[field]) this.weakProblems = [];
  }

  /**
   * refusedAsWeak asks the backend for a verdict right now (on submit) and reports whether the
   * passphrase must be refused, keeping the reasons. When the check itself fails the form goes
   * ahead: the backend checks again when it receives the passphrase.
   */
  async refusedAsWeak(related: string[]): Promise<boolean> {
    let verdict;
    try {
      verdict = await this.strength.checkNow(this.value, related);
    } catch {
      return false;
    }
    if (!verdict || verdict.acceptable) return false;
    this.weakProblems = verdict.problems;
    return true;
  }

  /** clear wipes both values and the verdict. */
  clear(): void {
    this.value = '';
    this.repeat = '';
    this.weakProblems = [];
    this.strength.reset();
  }
}
