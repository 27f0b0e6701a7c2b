import * as api from '../../lib/api';
import type { AppError, Status } from '../../lib/api';
import { required, type FieldErrors } from '../../lib/validation';

/** What the last save did, for the success notice. */
export type AccountSaved =
  | { kind: 'saved' } // only the name (or nothing) changed
  | { kind: 'email'; email: string } // an admin unlocks with this address from now on
  | { kind: 'pending'; email: string } // a new address waits for an admin; they keep unlocking with email
  | { kind: 'withdrawn' }; // the request for a new address was withdrawn

/**
 * AccountForm: the user's own name and e-mail address ("Mijn account"). The backend validates
 * and decides: an admin's new address is theirs at once, another role's waits for an admin's
 * Akkoord (pending) and saving the old address again withdraws it. The new status goes to
 * onsaved so the header shows the new name.
 */
export class AccountForm {
  name = $state('');
  email = $state('');
  /** The requested address awaiting an admin ('' when none). */
  pending = $state('');
  errors = $state<FieldErrors>({});
  error = $state<AppError | null>(null);
  saved = $state<AccountSaved | null>(null);
  busy = $state(false);

  constructor(
    private name0: string,
    private email0: string,
    pending: string,
    private readonly onsaved: (s: Status) => void,
  ) {
    this.name = name0;
    this.pending = pending;
    // With a request waiting, the field shows the requested address, so saving the name keeps it.
    this.email = pending || email0;
  }

  async submit(): Promise<void> {
    if (this.busy) return;
    this.errors = {};
    const e: FieldErrors = {};
    required(e, 'name', this.name);
    required(e, 'email', this.email);
    this.errors = e;
    if (Object.keys(e).length > 0) {
      this.saved = null;
      return;
    }
    await this.#save(this.name, this.email);
  }

  /** withdraw ("Wijziging intrekken") saves the address the user unlocks with, dropping the request. */
  async withdraw(): Promise<void> {
    if (this.busy || this.pending === '') return;
    await this.#save(this.name0, this.email0);
  }

  async #save(name: string, email: string): Promise<void> {
    this.saved = null;
    this.error = null;
    this.busy = true;
    try {
      const s = await api.updateOwnAccount(name, email);
      const now = s.user?.email ?? this.email0;
      const pending = s.user?.pendingEmail ?? '';
      if (now.toLowerCase() !== this.email0.toLowerCase()) this.saved = { kind: 'email', email: now };
      else if (pending !== '' && pending !== this.pending) this.saved = { kind: 'pending', email: now };
      else if (pending === '' && this.pending !== '') this.saved = { kind: 'withdrawn' };
      else this.saved = { kind: 'saved' };
      this.name = this.name0 = s.user?.name ?? name;
      this.email0 = now;
      this.pending = pending;
      this.email = pending || now;
      this.onsaved(s);
    } catch (err) {
      const ae = api.toAppError(err);
      if (ae.code === 'invalid_input' && Object.keys(ae.fields).length > 0) this.errors = { ...ae.fields };
      else if (ae.code === 'user_exists') this.errors = { email: 'user_exists' };
      else this.error = ae;
    } finally {
      this.busy = false;
    }
  }
}
