import * as api from '../../lib/api';
import type { AppError } from '../../lib/api';
import * as supportApi from '../../lib/api/support';
import type { HelpdeskContact, HelpdeskForm, HelpdeskView, SupportInfo } from '../../lib/api/support';
import { copyText } from '../../lib/api/runtime';
import { isEmail, type FieldErrors } from '../../lib/validation';

/** The backend's calls, replaceable in tests. */
export interface SupportBackend {
  helpdesk: () => Promise<HelpdeskView>;
  saveHelpdesk: (form: HelpdeskForm) => Promise<HelpdeskView>;
  info: () => Promise<SupportInfo>;
  copy: (text: string) => Promise<boolean>;
}

export const backend: SupportBackend = {
  helpdesk: supportApi.helpdesk,
  saveHelpdesk: supportApi.saveHelpdesk,
  info: supportApi.supportInfo,
  copy: copyText,
};

function blank(): HelpdeskForm {
  return { name: '', email: '', phone: '', hours: '' };
}

/** isPhone mirrors validate.Phone: digits, spaces, + - ( ), with 8 to 15 digits. */
export function isPhone(value: string): boolean {
  const v = value.trim();
  if (!/^[\d +\-()]+$/.test(v)) return false;
  const digits = v.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15;
}

/** checkHelpdesk mirrors support.CheckHelpdesk; the backend stays the authority. */
export function checkHelpdesk(v: HelpdeskForm): FieldErrors {
  const e: FieldErrors = {};
  if (v.email.trim() !== '' && !isEmail(v.email)) e['email'] = 'email_format';
  if (v.phone.trim() !== '' && !isPhone(v.phone)) e['phone'] = 'phone_format';
  const any = [v.name, v.email, v.phone, v.hours].some((s) => s.trim() !== '');
  if (any && v.email.trim() === '' && v.phone.trim() === '') {
    e['email'] = 'contact_required';
    e['phone'] = 'contact_required';
  }
  return e;
}

/** contactLine is a helpdesk in one line ("Arbo Midden, help@…, 030 …"), for the service's original. */
export function contactLine(h: HelpdeskContact): string {
  return [h.name, h.email, h.phone, h.hours].filter((s) => s.trim() !== '').join(', ');
}

/**
 * SupportPage is the Ondersteuning page: the helpdesk (an admin may record or correct it) and the
 * support block with its copy button.
 */
export class SupportPage {
  helpdesk = $state<HelpdeskView | null>(null);
  info = $state<SupportInfo | null>(null);
  loadError = $state<AppError | null>(null);
  loaded = $state(false);

  editing = $state(false);
  values = $state<HelpdeskForm>(blank());
  errors = $state<FieldErrors>({});
  saving = $state(false);
  saveError = $state<AppError | null>(null);
  notice = $state<'saved' | 'removed' | null>(null);

  copied = $state<'copied' | 'failed' | null>(null);

  constructor(private readonly be: SupportBackend = backend) {}

  async load(): Promise<void> {
    this.loadError = null;
    try {
      const [h, i] = await Promise.all([this.be.helpdesk(), this.be.info()]);
      this.helpdesk = h;
      this.info = i;
    } catch (e) {
      this.loadError = api.toAppError(e);
    } finally {
      this.loaded = true;
    }
  }

  /** edit opens the form with what is shown now (the recorded or the service's helpdesk). */
  edit(): void {
    const h = this.helpdesk;
    if (!h?.canEdit) return;
    this.values = { name: h.name, email: h.email, phone: h.phone, hours: h.hours };
    this.errors = {};
    this.saveError = null;
    this.notice = null;
    this.editing = true;
  }

  cancel(): void {
    this.editing = false;
    this.errors = {};
    this.saveError = null;
  }

  async save(): Promise<void> {
    if (this.saving) return;
    this.saveError = null;
    this.errors = checkHelpdesk(this.values);
    if (Object.keys(this.errors).length > 0) return;
    this.saving = true;
    try {
      const h = await this.be.saveHelpdesk({ ...this.values });
      this.helpdesk = h;
      this.editing = false;
      this.notice = h.source === 'own' ? 'saved' : 'removed';
    } catch (e) {
      const err = api.toAppError(e);
      if (err.code === 'invalid_input' && Object.keys(err.fields).length > 0) this.errors = { ...err.fields };
      else this.saveError = err;
    } finally {
      this.saving = false;
    }
  }

  /** copy reads the block afresh (counts and sync state change) and puts it on the clipboard. */
  async copy(): Promise<void> {
    this.copied = null;
    try {
      this.info = await this.be.info();
    } catch (e) {
      this.loadError = api.toAppError(e);
      this.copied = 'failed';
      return;
    }
    this.copied = (await this.be.copy(this.info.text)) ? 'copied' : 'failed';
  }
}
