import * as api from '../../lib/api';
import type { AppError, Status } from '../../lib/api';
import { isEmail, required, type FieldErrors } from '../../lib/validation';
import { Countdown } from './countdown.svelte';

/** The answers about the e-mail that was tried (not about the vault): another e-mail makes them stale. */
const ABOUT_THE_LOGIN = new Set(['wrong_passphrase', 'too_many_attempts', 'access_pending', 'access_rejected', 'access_revoked']);

/** UnlockForm: e-mail + passphrase -> Unlock. The passphrase is cleared after every attempt. */
export class UnlockForm {
  email = $state('');
  passphrase = $state('');
  errors = $state<FieldErrors>({});
  error = $state<AppError | null>(null);
  busy = $state(false);
  /** The requester took their pending request back. */
  withdrawn = $state(false);
  countdown = new Countdown();
  /** "E-mailadres onthouden op deze computer": ticked when this computer remembers one. */
  remember = $state(false);

  blocked = $derived(this.countdown.active);

  /** The e-mail of the last attempt: its answer is about that e-mail. */
  #attempted = $state('');

  /**
   * banner is the last attempt's answer while it still applies: not once the e-mail is changed
   * (a pending, rejected or wrong login was about the other one), nor a wait that is over.
   */
  banner = $derived.by((): AppError | null => {
    const e = this.error;
    if (!e) return null;
    if (ABOUT_THE_LOGIN.has(e.code) && this.email.trim() !== this.#attempted) return null;
    if (e.code === 'too_many_attempts' && !this.blocked && e.retryAt) return null;
    return e;
  });

  /** fieldErrors are the form's field errors without those the user has since fixed (a value typed). */
  fieldErrors = $derived.by((): FieldErrors => {
    const out: FieldErrors = {};
    for (const [k, code] of Object.entries(this.errors)) {
      const now = k === 'email' ? this.email : k === 'passphrase' ? this.passphrase : null;
      if (code === 'required' && now !== null && now.trim() !== '') continue;
      if (code === 'email_format' && k === 'email' && this.email.trim() !== this.#attempted) continue;
      out[k] = code;
    }
    return out;
  });

  constructor(private readonly onUnlocked: (s: Status) => void) {}

  /** prefill puts the remembered e-mail in the field (unless the user typed already) and ticks the box. */
  async prefill(): Promise<void> {
    try {
      const email = await api.rememberedEmail();
      if (email && this.email === '') {
        this.email = email;
        this.remember = true;
      }
    } catch {
      // Nothing remembered: the field stays empty.
    }
  }

  async submit(): Promise<void> {
    await this.attempt(async (email, pass) => {
      const status = await api.unlock(email, pass);
      // Remember (or forget) only an address that just opened the vault; a failure here must
      // not keep anyone out.
      await api.rememberEmail(this.remember ? email : '').catch(() => undefined);
      this.onUnlocked(status);
    });
  }

  /** withdraw takes back a pending access request; the passphrase is typed again to prove it. */
  async withdraw(): Promise<void> {
    await this.attempt(async (email, pass) => {
      await api.withdrawRequest(email, pass);
      this.withdrawn = true;
    });
  }

  private async attempt(work: (email: string, pass: string) => Promise<void>): Promise<void> {
    if (this.busy || this.blocked) return;
    const e: FieldErrors = {};
    if (required(e, 'email', this.email) && !isEmail(this.email)) e.email = 'email_format';
    required(e, 'passphrase', this.passphrase);
    this.errors = e;
    this.#attempted = this.email.trim();
    if (Object.keys(e).length > 0) return;

    this.busy = true;
    this.error = null;
    this.withdrawn = false;
    const pass = this.passphrase;
    this.passphrase = '';
    try {
      await work(this.email.trim(), pass);
    } catch (err) {
      const ae = api.toAppError(err);
      if (ae.code === 'too_many_attempts' && ae.retryAt) this.countdown.start(ae.retryAt);
      if (ae.code === 'invalid_input' && Object.keys(ae.fields).length > 0) this.errors = { ...ae.fields };
      else this.error = ae;
    } finally {
      this.busy = false;
    }
  }

  dispose(): void {
    this.countdown.dispose();
    this.passphrase = '';
  }
}
