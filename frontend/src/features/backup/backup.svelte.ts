import * as api from '../../lib/api';
import type { AppError, BackupFile, BackupMade, BackupStatus, RestoreDone } from '../../lib/api';
import { EVENTS, subscribe, type BackupPhase } from '../../lib/events';

export interface Progress {
  phase: BackupPhase;
  done: number;
  total: number;
}

/** The calls BackupModel and RestoreFlow make; tests pass fakes. */
export interface BackupSource {
  status: () => Promise<BackupStatus>;
  make: () => Promise<BackupMade>;
  choose: () => Promise<BackupFile>;
  restore: (path: string, email: string, passphrase: string) => Promise<RestoreDone>;
  /** Listens to backup:progress; returns the unsubscribe function. */
  onProgress: (handler: (p: Progress) => void) => () => void;
}

export const backend: BackupSource = {
  status: () => api.backupStatus(),
  make: () => api.makeBackup(),
  choose: () => api.chooseBackupFile(),
  restore: (path, email, passphrase) => api.restoreBackup(path, email, passphrase),
  onProgress: (handler) => subscribe(EVENTS.backupProgress, handler),
};

/** percent of a progress report, 0..100 (0 while the total is unknown). */
export function percent(p: Progress | null): number {
  if (!p || p.total <= 0) return 0;
  return Math.min(100, Math.floor((p.done * 100) / p.total));
}

/** megabytes writes a size as "12,3 MB" / "12.3 MB" (one decimal; "< 0,1 MB" reads as 0,1). */
export function megabytes(bytes: number, locale: 'nl' | 'en'): string {
  const mb = Math.max(0.1, Math.round(bytes / 1e5) / 10);
  const s = mb.toFixed(1);
  return `${locale === 'nl' ? s.replace('.', ',') : s} MB`;
}

/** localDateTime splits an RFC 3339 time into the local "dd-mm-jjjj" and "hh:mm" ('' when unreadable). */
export function localDateTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  if (iso === '' || Number.isNaN(d.getTime())) return { date: '', time: '' };
  const two = (n: number) => String(n).padStart(2, '0');
  return { date: `${two(d.getDate())}-${two(d.getMonth() + 1)}-${d.getFullYear()}`, time: `${two(d.getHours())}:${two(d.getMinutes())}` };
}

/**
 * BackupModel is Beheer → Back-up: the last backup, "Back-up maken" with its progress, and what
 * the last one did. Actueel's reminder reads only the status.
 */
export class BackupModel {
  status = $state<BackupStatus | null>(null);
  /** Reading the status failed. */
  error = $state<AppError | null>(null);
  busy = $state(false);
  progress = $state<Progress | null>(null);
  result = $state<BackupMade | null>(null);
  /** The last "Back-up maken" failed. */
  failure = $state<AppError | null>(null);

  readonly #source: BackupSource;

  constructor(source: BackupSource = backend) {
    this.#source = source;
  }

  async load(): Promise<void> {
    try {
      this.status = await this.#source.status();
      this.error = null;
    } catch (e) {
      this.error = api.toAppError(e);
    }
  }

  async make(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.failure = null;
    this.result = null;
    this.progress = null;
    const off = this.#source.onProgress((p) => (this.progress = p));
    try {
      const r = await this.#source.make();
      if (r.path !== '') {
        this.result = r;
        await this.load();
      }
    } catch (e) {
      this.failure = api.toAppError(e);
    } finally {
      off();
      this.busy = false;
      this.progress = null;
    }
  }
}

export type RestoreField = 'file' | 'email' | 'passphrase';

/**
 * RestoreFlow is the first-run screen's "Back-up terugzetten": choose the file (its date shows),
 * an admin's e-mail and passphrase of that time, then the restore with its progress. The
 * passphrase is dropped as soon as the call returns.
 */
export class RestoreFlow {
  file = $state<BackupFile | null>(null);
  email = $state('');
  passphrase = $state('');
  errors = $state<Partial<Record<RestoreField, true>>>({});
  failure = $state<AppError | null>(null);
  busy = $state(false);
  progress = $state<Progress | null>(null);

  readonly #source: BackupSource;
  readonly #onDone: (d: RestoreDone) => void;

  constructor(onDone: (d: RestoreDone) => void, source: BackupSource = backend) {
    this.#onDone = onDone;
    this.#source = source;
  }

  async choose(): Promise<void> {
    if (this.busy) return;
    this.failure = null;
    try {
      const f = await this.#source.choose();
      if (f.path !== '') {
        this.file = f;
        this.errors = { ...this.errors, file: undefined };
      }
    } catch (e) {
      this.failure = api.toAppError(e);
    }
  }

  /** submit checks the form and restores; it returns the first field with a problem, if any. */
  async submit(): Promise<RestoreField | null> {
    if (this.busy) return null;
    const errors: Partial<Record<RestoreField, true>> = {};
    if (!this.file) errors.file = true;
    if (this.email.trim() === '') errors.email = true;
    if (this.passphrase === '') errors.passphrase = true;
    this.errors = errors;
    this.failure = null;
    const first = (['file', 'email', 'passphrase'] as const).find((f) => errors[f]);
    if (first || !this.file) return first ?? 'file';
    this.busy = true;
    const off = this.#source.onProgress((p) => (this.progress = p));
    try {
      const done = await this.#source.restore(this.file.path, this.email.trim(), this.passphrase);
      this.passphrase = '';
      this.#onDone(done);
    } catch (e) {
      this.passphrase = '';
      const ae = api.toAppError(e);
      if (ae.code === 'wrong_passphrase') {
        this.errors = { passphrase: true };
      }
      this.failure = ae;
    } finally {
      off();
      this.busy = false;
      this.progress = null;
    }
    return null;
  }

  dispose(): void {
    this.passphrase = '';
  }
}
