import * as api from '../../lib/api';
import type { AppError, Status } from '../../lib/api';
import { isIdleMinutes } from '../../lib/validation';

/** IdleSettings: the admin's "Automatisch vergrendelen na" setting (SetIdleLockMinutes, 1..240). */
export class IdleSettings {
  minutes = $state('');
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
    if (!isIdleMinutes(this.minutes)) {
      this.error = this.minutes.trim() === '' ? 'required' : 'range';
      return;
    }
    this.error = '';
    const n = Number(this.minutes.trim());
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
