import { getContext, setContext } from 'svelte';
import * as api from '../../lib/api';
import type { EmployerInfo } from '../../lib/api';
import * as agreementApi from '../../lib/api/agreement';
import type { AgreementView } from '../../lib/api/agreement';
import { AgreementPanel } from './agreement.svelte';

/** The calls the reminder makes, replaceable in tests. */
export interface ReminderBackend {
  employers: () => Promise<EmployerInfo[]>;
  agreement: (employerId: string) => Promise<AgreementView>;
}

const defaultBackend: ReminderBackend = { employers: api.employers, agreement: agreementApi.agreement };

/**
 * SignatoryReminder asks an admin, right after unlock, who signs the processor agreement when an
 * employer has no signatory recorded yet, and keeps Actueel's reminder until one is. "Later"
 * dismisses the dialog for this unlock only: the reminder lives in the shell, which a lock
 * unmounts, so the next unlock asks again.
 */
export class SignatoryReminder {
  /** The first employer without a signatory; null when every employer has one (or none exists). */
  missing = $state<EmployerInfo | null>(null);
  /** The dialog is shown. */
  open = $state(false);
  /** "Later" was chosen (or the dialog closed) during this unlock. */
  dismissed = $state(false);
  /** The signatory form of the dialog, for the missing employer. */
  panel = $state<AgreementPanel | null>(null);

  constructor(
    private readonly be: ReminderBackend = defaultBackend,
    private readonly newPanel: () => AgreementPanel = () => new AgreementPanel(),
  ) {}

  /**
   * check looks for an employer without a signatory. With prompt, and unless dismissed, it opens
   * the dialog for it. A failure leaves things as they were: the Beheer tab still has the form.
   */
  async check(prompt: boolean): Promise<void> {
    let found: EmployerInfo | null = null;
    try {
      for (const e of await this.be.employers()) {
        const v = await this.be.agreement(e.id);
        if (!v.current) {
          found = e;
          break;
        }
      }
    } catch {
      return;
    }
    this.missing = found;
    if (!found) this.close();
    else if (prompt && !this.dismissed) this.show();
  }

  /** show opens the dialog for the missing employer (also from Actueel's "Nu vastleggen"). */
  show(): void {
    const m = this.missing;
    if (!m) return;
    const panel = this.newPanel();
    this.panel = panel;
    this.open = true;
    void panel.select(m.id);
  }

  /** later closes the dialog for the rest of this unlock; Actueel keeps its reminder. */
  later(): void {
    this.dismissed = true;
    this.close();
  }

  /** saved is called when the dialog's form was stored: close, and look again (another employer may lack one). */
  async saved(): Promise<void> {
    this.dismissed = true;
    this.close();
    await this.check(false);
  }

  private close(): void {
    this.open = false;
    this.panel = null;
  }
}

const KEY = Symbol('kluis.signatory-reminder');

export function setSignatoryReminder(r: SignatoryReminder): SignatoryReminder {
  return setContext(KEY, r);
}

/** useSignatoryReminder is the shell's reminder; undefined outside the shell (a page tested alone). */
export function useSignatoryReminder(): SignatoryReminder | undefined {
  return getContext<SignatoryReminder | undefined>(KEY);
}
