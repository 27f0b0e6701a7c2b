import * as api from '../../lib/api';
import type { PassphraseCheck } from '../../lib/api';

export const STRENGTH_DEBOUNCE_MS = 200;

/**
 * PassphraseStrength feeds the strength meter: it asks the backend (CheckPassphrase) after the
 * user paused typing, and ignores answers that arrive for an older value.
 */
export class PassphraseStrength {
  result = $state<PassphraseCheck | null>(null);
  checking = $state(false);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #seq = 0;

  /** update schedules a check; call it whenever the passphrase or related words change. */
  update(passphrase: string, related: string[]): void {
    clearTimeout(this.#timer);
    const seq = ++this.#seq;
    if (passphrase === '') {
      this.result = null;
      this.checking = false;
      return;
    }
    this.checking = true;
    this.#timer = setTimeout(() => void this.#run(seq, passphrase, related), STRENGTH_DEBOUNCE_MS);
  }

  /** checkNow runs the check at once (on submit) and returns the verdict. */
  async checkNow(passphrase: string, related: string[]): Promise<PassphraseCheck> {
    clearTimeout(this.#timer);
    const seq = ++this.#seq;
    const r = await api.checkPassphrase(passphrase, related);
    if (seq === this.#seq) {
      this.result = r;
      this.checking = false;
    }
    return r;
  }

  async #run(seq: number, passphrase: string, related: string[]): Promise<void> {
    try {
      const r = await api.checkPassphrase(passphrase, related);
      if (seq !== this.#seq) return;
      this.result = r;
    } catch {
      if (seq !== this.#seq) return;
      this.result = null;
    }
    this.checking = false;
  }

  reset(): void {
    clearTimeout(this.#timer);
    this.#seq++;
    this.result = null;
    this.checking = false;
  }

  dispose(): void {
    this.reset();
  }
}
