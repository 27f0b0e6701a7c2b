import * as api from '../../lib/api';
import type { AccessRequestInfo, AppError } from '../../lib/api';
import { departmentChoices, type DepartmentChoice } from '../admin/departments';

export type { DepartmentChoice };

export type GrantRole = 'user' | 'manager' | 'admin' | 'privacy';

/** The roles an admin can grant, in the order the dialog shows them. */
export const GRANT_ROLES: readonly GrantRole[] = ['user', 'manager', 'admin', 'privacy'];

/** asGrantRole maps a requested role to one the dialog offers ('user' for anything unknown). */
export function asGrantRole(role: string): GrantRole {
  return (GRANT_ROLES as readonly string[]).includes(role) ? (role as GrantRole) : 'user';
}

/** displayDate turns the RFC 3339 time of a request into dd-mm-jjjj (local date); '' when unreadable. */
export function displayDate(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (rfc3339 === '' || Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()}`;
}

/**
 * Approval is the "Akkoord" dialog for one request: the admin may change the role and, for a
 * manager, must tick at least one department. Only then does it call Approve.
 */
export class Approval {
  role = $state<GrantRole>('user');
  departmentIds = $state<string[]>([]);
  departments = $state<DepartmentChoice[]>([]);
  departmentsLoaded = $state(false);
  /** Set by the first "Akkoord" without a department; the error shows only while it still applies. */
  #triedWithoutDepartment = $state(false);
  /** The departments ticked that still exist. */
  chosenIds = $derived(this.departmentIds.filter((id) => this.departments.some((d) => d.id === id)));
  /**
   * Inline error under the department list: 'departments_required', from a confirm without one,
   * until a department is ticked or the role is no longer manager.
   */
  departmentsError = $derived(
    this.#triedWithoutDepartment && this.role === 'manager' && this.chosenIds.length === 0 ? 'departments_required' : '',
  );
  error = $state<AppError | null>(null);
  busy = $state(false);

  constructor(
    readonly request: AccessRequestInfo,
    private readonly onApproved: (r: AccessRequestInfo) => void,
  ) {
    this.role = asGrantRole(request.role);
  }

  /** loadDepartments fills the checkbox list; a failure shows as the dialog's error. */
  async loadDepartments(): Promise<void> {
    try {
      this.departments = await departmentChoices();
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.departmentsLoaded = true;
    }
  }

  async confirm(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    const ids = this.role === 'manager' ? this.chosenIds : [];
    if (this.role === 'manager' && ids.length === 0) {
      this.#triedWithoutDepartment = true;
      return;
    }
    this.busy = true;
    try {
      await api.approveRequest(this.request.id, this.role, ids);
      this.onApproved(this.request);
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.busy = false;
    }
  }
}

/**
 * Rejection is the "Afwijzen" confirmation for one request. The reason is required: the requester
 * reads it when they next try to unlock.
 */
export class Rejection {
  reason = $state('');
  /** Field code for the reason ('required', or what the backend answered). */
  reasonError = $state('');
  error = $state<AppError | null>(null);
  busy = $state(false);

  constructor(
    readonly request: AccessRequestInfo,
    private readonly onRejected: (r: AccessRequestInfo) => void,
  ) {}

  /** confirm rejects; false when nothing was sent or it failed (the dialog moves focus to the reason). */
  async confirm(): Promise<boolean> {
    if (this.busy) return false;
    this.error = null;
    this.reasonError = '';
    const reason = this.reason.trim();
    if (reason === '') {
      this.reasonError = 'required';
      return false;
    }
    this.busy = true;
    try {
      await api.rejectRequest(this.request.id, reason);
      this.onRejected(this.request);
      return true;
    } catch (e) {
      const ae = api.toAppError(e);
      if (ae.code === 'invalid_input' && ae.fields['reason']) this.reasonError = ae.fields['reason'];
      else this.error = ae;
      return false;
    } finally {
      this.busy = false;
    }
  }
}

/**
 * AccessRequests is the admin's "Beheeracties" card: the pending access requests, the open
 * dialog (approve or reject, at most one), and the notice after either.
 */
export class AccessRequests {
  list = $state<AccessRequestInfo[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<AppError | null>(null);
  /** The success notice after an approval or rejection. */
  notice = $state<{ kind: 'approved' | 'rejected'; name: string } | null>(null);
  approval = $state<Approval | null>(null);
  rejection = $state<Rejection | null>(null);

  /** @param onApproved runs after an approval, e.g. to refresh the list of users. */
  constructor(private readonly onApproved: () => void = () => {}) {}

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.list = await api.accessRequests();
      this.error = null;
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.loading = false;
      this.loaded = true;
    }
  }

  approve(r: AccessRequestInfo): void {
    this.notice = null;
    this.rejection = null;
    const a = new Approval(r, (done) => void this.#finished('approved', done));
    this.approval = a;
    void a.loadDepartments();
  }

  reject(r: AccessRequestInfo): void {
    this.notice = null;
    this.approval = null;
    this.rejection = new Rejection(r, (done) => void this.#finished('rejected', done));
  }

  close(): void {
    this.approval = null;
    this.rejection = null;
  }

  async #finished(kind: 'approved' | 'rejected', r: AccessRequestInfo): Promise<void> {
    this.close();
    this.notice = { kind, name: r.name };
    if (kind === 'approved') this.onApproved();
    await this.load();
  }
}
