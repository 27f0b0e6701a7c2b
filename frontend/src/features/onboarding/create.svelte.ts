import * as api from '../../lib/api';
import type { AppError, NewVaultResult } from '../../lib/api';
import { isEmail, isKvk, kvkDigits, required, type FieldErrors } from '../../lib/validation';
import { NewPassphraseForm } from '../passphrase/new-passphrase.svelte';

export type CreateStep = 1 | 2 | 3;

const EMPLOYER_FIELDS = ['employerName', 'kvk'];

/**
 * CreateWizard drives "Nieuwe kluis aanmaken": step 1 employer, step 2 administrator, step 3
 * creating. It is created per component instance, so the passphrase lives only as long as the
 * form does, and is cleared once the vault exists.
 */
export class CreateWizard extends NewPassphraseForm {
  step = $state<CreateStep>(1);
  employerName = $state('');
  kvk = $state('');
  adminName = $state('');
  adminEmail = $state('');

  formError = $state<AppError | null>(null);

  related = $derived([this.adminName, this.adminEmail, this.employerName].map((s) => s.trim()).filter((s) => s !== ''));

  constructor(private readonly onCreated: (result: NewVaultResult) => void) {
    super();
  }

  protected relatedWords(): string[] {
    return this.related;
  }

  validateEmployer(): boolean {
    const e: FieldErrors = {};
    required(e, 'employerName', this.employerName);
    if (required(e, 'kvk', this.kvk) && !isKvk(this.kvk)) e.kvk = 'kvk_format';
    this.errors = { ...this.#without(EMPLOYER_FIELDS), ...e };
    return Object.keys(e).length === 0;
  }

  validateAdmin(): boolean {
    const e: FieldErrors = {};
    required(e, 'adminName', this.adminName);
    if (required(e, 'adminEmail', this.adminEmail) && !isEmail(this.adminEmail)) e.adminEmail = 'email_format';
    this.np.check(e);
    this.errors = { ...this.#only(EMPLOYER_FIELDS), ...e };
    return Object.keys(e).length === 0;
  }

  next(): void {
    this.formError = null;
    if (this.validateEmployer()) this.step = 2;
  }

  back(): void {
    this.formError = null;
    this.step = 1;
  }

  async submit(): Promise<void> {
    if (this.busy) return;
    this.formError = null;
    if (!this.validateEmployer()) {
      this.step = 1;
      return;
    }
    if (!this.validateAdmin()) return;

    await this.send(
      async () => {
        this.step = 3;
        const result = await api.createVault({
          employerName: this.employerName.trim(),
          kvk: kvkDigits(this.kvk),
          adminName: this.adminName.trim(),
          adminEmail: this.adminEmail.trim(),
          passphrase: this.np.value,
        });
        this.clearSecrets();
        this.onCreated(result);
      },
      (err) => this.#fail(err),
    );
  }

  #fail(err: AppError): void {
    this.step = 2;
    if (err.code === 'invalid_input' && Object.keys(err.fields).length > 0) {
      this.errors = { ...err.fields };
      if (err.fields.passphrase === 'passphrase_weak') this.np.weakProblems = this.np.strength.result?.problems ?? [];
      if (EMPLOYER_FIELDS.some((f) => f in err.fields)) this.step = 1;
      return;
    }
    this.formError = err;
  }

  clearSecrets(): void {
    this.np.clear();
  }

  #only(fields: string[]): FieldErrors {
    return Object.fromEntries(Object.entries(this.errors).filter(([k]) => fields.includes(k)));
  }

  #without(fields: string[]): FieldErrors {
    return Object.fromEntries(Object.entries(this.errors).filter(([k]) => !fields.includes(k)));
  }
}
