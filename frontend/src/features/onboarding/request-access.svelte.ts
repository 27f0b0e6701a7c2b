import * as api from '../../lib/api';
import type { AppError, RequestedRole } from '../../lib/api';
import { isEmail, required, type FieldErrors } from '../../lib/validation';
import { NewPassphraseForm } from '../passphrase/new-passphrase.svelte';

/** The fields the backend names in invalid_input for RequestAccess, which this form shows in place. */
const FIELDS = ['name', 'email', 'passphrase', 'role'];

/**
 * RequestAccessForm: "Toegang aanvragen" on the locked window. A new user on this PC gives name,
 * e-mail, a new passphrase and the role they need; the backend files a request and returns the
 * key fingerprint, which the requester reads out to the admin who approves it.
 */
export class RequestAccessForm extends NewPassphraseForm {
  name = $state('');
  email = $state('');
  role = $state<RequestedRole | ''>('');
  error = $state<AppError | null>(null);
  /** Set once the request is filed: the fingerprint to read out. */
  fingerprint = $state<string | null>(null);

  related = $derived([this.name.trim(), this.email.trim()].filter((s) => s !== ''));

  protected relatedWords(): string[] {
    return this.related;
  }

  async submit(): Promise<void> {
    if (this.busy || this.fingerprint !== null) return;
    const e: FieldErrors = {};
    required(e, 'name', this.name);
    if (required(e, 'email', this.email) && !isEmail(this.email)) e.email = 'email_format';
    this.np.check(e);
    if (this.role !== 'user' && this.role !== 'manager') e.role = 'invalid_choice';
    this.errors = e;
    this.error = null;
    if (Object.keys(e).length > 0) return;
    const role = this.role as RequestedRole;

    await this.send(
      async () => {
        const fp = await api.requestAccess({ name: this.name.trim(), email: this.email.trim(), passphrase: this.np.value, role });
        this.np.clear();
        this.fingerprint = fp;
      },
      (ae) => this.#fail(ae),
    );
  }

  #fail(ae: AppError): void {
    const fields = ae.code === 'invalid_input' ? Object.entries(ae.fields) : [];
    const known = fields.filter(([k]) => FIELDS.includes(k));
    this.errors = Object.fromEntries(known);
    // A code without a field here (or for a field this form lacks) still needs a message.
    if (known.length === 0 || known.length < fields.length) this.error = ae;
  }

  dispose(): void {
    this.np.clear();
  }
}
