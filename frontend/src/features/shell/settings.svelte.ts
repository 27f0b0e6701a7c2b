import * as api from '../../lib/api';
import type { AppError, Status } from '../../lib/api';
import { isIdleMinutes } from '../../lib/validation';

/**
 * IdleSettings: the admin's "Automatisch vergrendelen na" setting (SetIdleLockMinutes, 1..240).
 * The field is an <input type="number">, whose binding yields a number, or null when it is empty or
 * not a number; a string comes only from code. Every form is read through minutesText.
 */
export class IdleSettings {
  minutes = $state<string | number | null>('');
  error = $state('');
  failure = $state<AppError | null>(null);
  savedMinutes = $state<number | null>(null);
  busy = $state(false);

  constructor(
    initial: number,
    private readonly onSaved: (s: Status) => void,
  ) {
    this.minutes = initial > 0 ? String(initial) : '';
  }

  async save(): Promise<void> {
    if (this.busy) return;
    this.savedMinutes = null;
    this.failure = null;
    const text = this.minutesText();
    if (!isIdleMinutes(text)) {
      this.error = text === '' ? 'required' : 'range';
      return;
    }
    this.error = '';
    const n = Number(text);
    this.busy = true;
    try {
      const s = await api.setIdleLockMinutes(n);
      this.savedMinutes = s.idleLockMinutes || n;
      this.minutes = String(this.savedMinutes);
      this.onSaved(s);
    } catch (e) {
      this.failure = api.toAppError(e);
    } finally {
      this.busy = false;
    }
  }

  /** minutesText is the field's value as trimmed text: '' for an empty (null) number field. */
  minutesText(): string {
    const v = this.minutes;
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
    return v.trim();
  }
}

/** NewEmployer: the admin's "Werkgever toevoegen" form (AddEmployer: name and KvK number). */
export class NewEmployer {
  name = $state('');
  kvk = $state('');
  errors = $state<Record<string, string>>({});
  failure = $state<AppError | null>(null);
  added = $state('');
  busy = $state(false);

  async save(): Promise<void> {
    if (this.busy) return;
    this.added = '';
    this.failure = null;
    const errors: Record<string, string> = {};
    if (this.name.trim() === '') errors['name'] = 'required';
    if (this.kvk.trim() === '') errors['kvk'] = 'required';
    this.errors = errors;
    if (Object.keys(errors).length > 0) return;
    this.busy = true;
    try {
      const e = await api.addEmployer(this.name, this.kvk);
      this.added = e.name;
      this.name = '';
      this.kvk = '';
    } catch (e) {
      const err = api.toAppError(e);
      if (err.code === 'invalid_input' && Object.keys(err.fields).length > 0) this.errors = err.fields;
      else this.failure = err;
    } finally {
      this.busy = false;
    }
  }
}
