import * as api from '../../lib/api';
import type { AppError, EmailChangeInfo } from '../../lib/api';

/**
 * EmailChanges is the admin's card "E-mailadres wijzigen" on Actueel: the users who asked for a
 * new unlock address, with Akkoord and Afwijzen, and the notice after either.
 */
export class EmailChanges {
  list = $state<EmailChangeInfo[]>([]);
  loaded = $state(false);
  error = $state<AppError | null>(null);
  /** The user whose request is being approved or rejected. */
  busy = $state('');
  notice = $state<{ kind: 'approved' | 'rejected'; name: string } | null>(null);

  constructor(private readonly fetch: () => Promise<EmailChangeInfo[]> = api.emailChanges) {}

  async load(): Promise<void> {
    try {
      this.list = await this.fetch();
      this.error = null;
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.loaded = true;
    }
  }

  approve(c: EmailChangeInfo): Promise<void> {
    return this.#decide(c, 'approved', () => api.approveEmailChange(c.userId));
  }

  reject(c: EmailChangeInfo): Promise<void> {
    return this.#decide(c, 'rejected', () => api.rejectEmailChange(c.userId));
  }

  async #decide(c: EmailChangeInfo, kind: 'approved' | 'rejected', run: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = c.userId;
    this.notice = null;
    this.error = null;
    try {
      await run();
      this.notice = { kind, name: c.name };
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.busy = '';
    }
    // Also after a failure: another admin may have handled it, or the address was taken.
    const error = this.error;
    await this.load();
    if (error) this.error = error;
  }
}
