import * as api from '../../lib/api';
import type { AppError, LogCheck, LogQuery, LogRow, LogStatus, LogUser } from '../../lib/api';

/** The calls the Logboek makes; tests pass fakes. */
export interface LogbookSource {
  page: (q: LogQuery) => Promise<api.LogPage>;
  users: () => Promise<LogUser[]>;
  status: () => Promise<LogStatus>;
  check: () => Promise<LogCheck>;
  exportLog: (q: LogQuery, format: 'csv' | 'pdf', lang: string) => Promise<string>;
}

const backend: LogbookSource = {
  page: (q) => api.logPage(q),
  users: () => api.logUsers(),
  status: () => api.logStatus(),
  check: () => api.checkLog(),
  exportLog: (q, f, lang) => api.exportLog(q, f, lang),
};

/** The filter as the form holds it. */
export interface LogFilter {
  user: string;
  persnr: string;
  action: string;
  /** jjjj-mm-dd (a date input), '' open. */
  from: string;
  to: string;
}

export const EMPTY_FILTER: LogFilter = { user: '', persnr: '', action: '', from: '', to: '' };

export const PAGE_SIZE = 50;

/**
 * Logbook is Beheer → Logboek: the filter, the rows read so far (newest first, a page at a time:
 * "Oudere regels laden" asks for the next), the chain status and its check, and the exports.
 */
export class Logbook {
  /** The filter being edited; `applied` is the one the rows show. */
  filter = $state<LogFilter>({ ...EMPTY_FILTER });
  applied = $state<LogFilter>({ ...EMPTY_FILTER });
  rows = $state<LogRow[]>([]);
  /** The `before` of the next page; 0 when the log has no more. */
  next = $state(0);
  scanned = $state(0);
  unreadable = $state(0);
  loading = $state(false);
  loaded = $state(false);
  error = $state<AppError | null>(null);
  users = $state<LogUser[]>([]);
  status = $state<LogStatus | null>(null);
  check = $state<LogCheck | null>(null);
  checkedAt = $state<Date | null>(null);
  checking = $state(false);
  checkError = $state<AppError | null>(null);
  exporting = $state<'csv' | 'pdf' | null>(null);
  exported = $state('');
  exportError = $state<AppError | null>(null);

  readonly #source: LogbookSource;

  constructor(source: LogbookSource = backend) {
    this.#source = source;
  }

  /** query is the applied filter as the backend takes it. */
  query(before = 0): LogQuery {
    const f = this.applied;
    return {
      user: f.user, persnr: f.persnr.trim(), actions: f.action ? [f.action] : [], from: f.from, to: f.to,
      before, limit: PAGE_SIZE,
    };
  }

  /** open loads the users, the status and the first page. */
  async open(): Promise<void> {
    await Promise.all([this.#loadUsers(), this.loadStatus(), this.apply()]);
  }

  async #loadUsers(): Promise<void> {
    try {
      this.users = await this.#source.users();
    } catch {
      this.users = [];
    }
  }

  async loadStatus(): Promise<void> {
    try {
      this.status = await this.#source.status();
    } catch (e) {
      this.status = null;
      this.error ??= api.toAppError(e);
    }
  }

  /** apply shows the first page of the edited filter. */
  async apply(): Promise<void> {
    this.applied = { ...this.filter };
    this.rows = [];
    this.next = 0;
    this.scanned = 0;
    this.unreadable = 0;
    this.loaded = false;
    await this.#read(0);
  }

  async reset(): Promise<void> {
    this.filter = { ...EMPTY_FILTER };
    await this.apply();
  }

  /** more reads the next page. */
  async more(): Promise<void> {
    if (this.next === 0 || this.loading) return;
    await this.#read(this.next);
  }

  async #read(before: number): Promise<void> {
    this.loading = true;
    try {
      const p = await this.#source.page(this.query(before));
      this.rows = [...this.rows, ...p.rows];
      this.next = p.next;
      this.scanned += p.scanned;
      this.unreadable += p.unreadable;
      this.error = null;
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.loading = false;
      this.loaded = true;
    }
  }

  /** runCheck checks the whole chain. */
  async runCheck(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    this.checkError = null;
    try {
      this.check = await this.#source.check();
      this.checkedAt = new Date();
      await this.loadStatus();
    } catch (e) {
      this.checkError = api.toAppError(e);
    } finally {
      this.checking = false;
    }
  }

  /** exportAs writes an extract of the applied filter; `exported` is the path ('' when cancelled). */
  async exportAs(format: 'csv' | 'pdf', lang: string): Promise<void> {
    if (this.exporting) return;
    this.exporting = format;
    this.exportError = null;
    this.exported = '';
    try {
      this.exported = await this.#source.exportLog(this.query(), format, lang);
    } catch (e) {
      this.exportError = api.toAppError(e);
    } finally {
      this.exporting = null;
    }
  }
}
