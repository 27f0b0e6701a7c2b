import * as api from '../../lib/api';
import type { AppError, Status } from '../../lib/api';
import { required, type FieldErrors } from '../../lib/validation';

/**
 * AccountForm: the user's own name and e-mail address ("Mijn account"). The backend validates
 * and decides (a non-admin may change only the name); the new status goes to onsaved so the
 * header shows the new name.
 */
export class AccountForm {
  name = $state('');
  email = $state('');
  errors = $state<FieldErrors>({});
  error = $state<AppError | null>(null);
  /** After a save: the address to unlock with when it changed, '' when only the name did. */
  saved = $state<{ email: string } | null>(null);
  busy = $state(false);

  constructor(
    name: string,
    private email0: string,
    private readonly onsaved: (s: Status) => void,
  ) {
    this.name = name;
    this.email = email0;
  }

  async submit(): Promise<void> {
    if (this.busy) return;
    this.saved = null;
    this.error = null;
    const e: FieldErrors = {};
    required(e, 'name', this.name);
    required(e, 'email', this.email);
    this.errors = e;
    if (Object.keys(e).length > 0) return;
    this.busy = true;
    try {
      const s = await api.updateOwnAccount(this.name, this.email);
      const email = s.user?.email ?? this.email;
      this.saved = { email: email.toLowerCase() !== this.email0.toLowerCase() ? email : '' };
      this.name = s.user?.name ?? this.name;
      this.email = this.email0 = email;
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
