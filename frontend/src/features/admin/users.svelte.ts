import * as api from '../../lib/api';
import type { AppError, RoleChangeResult, UserRole, UserRow } from '../../lib/api';
import type { EventPayloads } from '../../lib/events';
import { departmentChoices, includedVia, type DepartmentChoice } from './departments';

/**
 * The "Autorisaties" tab: every user with their role and scope, and what an admin may change.
 * The backend decides (last_admin, denied); the rules below only keep buttons from promising
 * what it will refuse, counted from the list on screen.
 */

export type RotationProgress = EventPayloads['admin:rotation'];

/** activeAdmins counts the active admins in the list. */
export function activeAdmins(list: readonly UserRow[]): number {
  return list.filter((u) => u.status === 'active' && u.role === 'admin').length;
}

/**
 * Why "Beheerrechten intrekken" is not offered: the only active admin, or yourself (another admin
 * must do it: stepping down replaces the vault key, self_step_down).
 */
export type DemoteBlock = 'last_admin' | 'self' | null;

export function demoteBlock(u: UserRow, list: readonly UserRow[]): DemoteBlock {
  if (u.role !== 'admin' || u.status !== 'active') return null;
  if (activeAdmins(list) <= 1) return 'last_admin';
  if (u.self) return 'self';
  return null;
}

/** Why "Toegang intrekken" is not offered: your own access, or an admin's (take the admin rights first). */
export type RevokeBlock = 'self' | 'admin' | null;

export function revokeBlock(u: UserRow): RevokeBlock {
  if (u.self) return 'self';
  if (u.role === 'admin') return 'admin';
  return null;
}

/** The actions the row's menu offers, in order. */
export type UserAction = 'grant-admin' | 'demote' | 'departments' | 'revoke';

export function actionsFor(u: UserRow): UserAction[] {
  if (u.status !== 'active') return [];
  if (u.role === 'admin') return ['demote', 'revoke'];
  return ['grant-admin', 'departments', 'revoke'];
}

/**
 * Operation is what the dialogs share: one backend call at a time, its error, and the
 * admin:rotation progress while it runs (null until the first event: the bar is indeterminate).
 */
abstract class Operation {
  busy = $state(false);
  error = $state<AppError | null>(null);
  progress = $state<RotationProgress | null>(null);

  /** onRotation takes an admin:rotation event; only a running operation listens. */
  onRotation(p: RotationProgress): void {
    if (this.busy) this.progress = p;
  }

  protected async run(work: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.error = null;
    this.progress = null;
    this.busy = true;
    try {
      await work();
      return true;
    } catch (e) {
      this.fail(api.toAppError(e));
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** fail shows an error; subclasses route field errors to their fields. */
  protected fail(e: AppError): void {
    this.error = e;
  }
}

export type RoleChangeKind = 'grant-admin' | 'demote' | 'departments';

/**
 * RoleChange is "Beheerrechten geven" (→ admin), "Beheerrechten intrekken" (admin → user or
 * manager) and "Rol en afdelingen wijzigen" (user ↔ manager, a manager's departments). Taking
 * departments away rotates their keys, so it can take a while and shows progress.
 */
export class RoleChange extends Operation {
  role = $state<UserRole>('admin');
  departmentIds = $state<string[]>([]);
  departments = $state<DepartmentChoice[]>([]);
  departmentsLoaded = $state(false);
  /** Field code under the departments ('required' or the backend's). */
  departmentsError = $state('');
  /** The backend's answer once the change is made. */
  result: RoleChangeResult | null = null;

  constructor(
    readonly kind: RoleChangeKind,
    readonly user: UserRow,
    private readonly onDone: (c: RoleChange) => void,
  ) {
    super();
    this.role = kind === 'grant-admin' ? 'admin' : kind === 'departments' ? user.role : 'user';
    this.departmentIds = user.role === 'manager' ? user.departments.map((d) => d.id) : [];
  }

  /** needsDepartments: the dialog shows the department choice. */
  get needsDepartments(): boolean {
    return this.role === 'manager';
  }

  /** loadDepartments fills the check boxes; departments the user holds stay offered even if the list lacks them. */
  async loadDepartments(): Promise<void> {
    try {
      const all = await departmentChoices();
      const known = new Set(all.map((d) => d.id));
      const held = this.user.departments.filter((d) => !known.has(d.id)).map((d) => ({ id: d.id, label: d.path }));
      this.departments = [...all, ...held];
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.departmentsLoaded = true;
    }
  }

  /**
   * removed lists the departments the user holds now and would lose: their keys get rotated. A
   * department below a chosen one stays (a grant covers what lies below it).
   */
  get removed(): string[] {
    if (this.role === 'user' || this.role === 'admin') return []; // a user or admin keeps everything
    // A manager keeps the ticked departments and those below them; a privacy officer keeps none.
    const ticked = this.role === 'manager' ? this.departmentIds : [];
    const kept = includedVia(this.departments, ticked);
    const lost = (id: string) => !ticked.includes(id) && !kept.has(id);
    if (this.user.role === 'admin' || this.user.allDepartments) {
      return this.departments.map((d) => d.id).filter(lost);
    }
    return this.user.departments.map((d) => d.id).filter(lost);
  }

  /** unchanged: "Rol en afdelingen wijzigen" with the same role and departments; nothing to send. */
  get unchanged(): boolean {
    if (this.kind !== 'departments' || this.role !== this.user.role) return false;
    if (this.role === 'user' || this.role === 'privacy') return true;
    const now = new Set(this.user.departments.map((d) => d.id));
    return now.size === this.departmentIds.length && this.departmentIds.every((id) => now.has(id));
  }

  async confirm(): Promise<void> {
    if (this.busy) return;
    this.error = null;
    this.departmentsError = '';
    const ids = this.needsDepartments ? this.departmentIds.filter((id) => this.departments.some((d) => d.id === id)) : [];
    if (this.needsDepartments && ids.length === 0) {
      this.departmentsError = 'required';
      return;
    }
    if (this.unchanged) {
      this.onDone(this);
      return;
    }
    const ok = await this.run(async () => {
      this.result = await api.setRole(this.user.id, this.role, ids);
    });
    if (ok) this.onDone(this);
  }

  protected override fail(e: AppError): void {
    if (e.code === 'invalid_input' && e.fields['departments']) this.departmentsError = e.fields['departments'];
    else this.error = e;
  }
}

/** Revocation is "Toegang intrekken": a required reason, then a long key rotation with progress. */
export class Revocation extends Operation {
  reason = $state('');
  reasonError = $state('');

  constructor(
    readonly user: UserRow,
    private readonly onDone: (r: Revocation) => void,
    private readonly onFailed: () => void,
  ) {
    super();
  }

  async confirm(): Promise<void> {
    if (this.busy) return;
    this.reasonError = '';
    const reason = this.reason.trim();
    if (reason === '') {
      this.reasonError = 'required';
      return;
    }
    const ok = await this.run(() => api.revokeUser(this.user.id, reason));
    if (ok) this.onDone(this);
    else this.onFailed();
  }

  protected override fail(e: AppError): void {
    if (e.code === 'invalid_input' && e.fields['reason']) this.reasonError = e.fields['reason'];
    else this.error = e;
  }
}

/** Resumption finishes a revocation a crash interrupted ("Hervatten"). */
export class Resumption extends Operation {
  constructor(private readonly onDone: () => void) {
    super();
  }

  async start(): Promise<void> {
    const ok = await this.run(() => api.resumeRevocation());
    if (ok) this.onDone();
  }
}

export type Notice =
  | { kind: 'granted' | 'demoted' | 'departments' | 'revoked'; name: string }
  | { kind: 'resumed' };

/**
 * Authorisations holds the list, whether a revocation waits to be finished, the open dialog (at
 * most one) and the notice after it.
 */
export class Authorisations {
  list = $state<UserRow[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<AppError | null>(null);
  /** A revocation was interrupted; the banner offers "Hervatten". */
  pending = $state(false);
  notice = $state<Notice | null>(null);
  change = $state<RoleChange | null>(null);
  revocation = $state<Revocation | null>(null);
  resumption = $state<Resumption | null>(null);

  /**
   * @param onRoleChanged gets the backend's answer after a role change; when an admin stepped
   * down it carries a new recovery code and a status asking for a new emergency kit.
   */
  constructor(private readonly onRoleChanged: (r: RoleChangeResult) => void = () => {}) {}

  admins = $derived(activeAdmins(this.list));

  async load(): Promise<void> {
    this.loading = true;
    try {
      const [list, pending] = await Promise.all([api.users(), api.pendingRevocation()]);
      this.list = sortUsers(list);
      this.pending = pending;
      this.error = null;
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.loading = false;
      this.loaded = true;
    }
  }

  open(action: UserAction, u: UserRow): void {
    this.close();
    this.notice = null;
    if (action === 'revoke') {
      if (revokeBlock(u)) return;
      this.revocation = new Revocation(
        u,
        (r) => void this.#finished({ kind: 'revoked', name: r.user.name }),
        () => void this.#refresh(),
      );
      return;
    }
    if (action === 'demote' && demoteBlock(u, this.list)) return;
    const c = new RoleChange(action, u, (done) => void this.#roleChanged(done));
    this.change = c;
    if (action !== 'grant-admin') void c.loadDepartments();
  }

  resume(): void {
    this.close();
    this.notice = null;
    const r = new Resumption(() => void this.#finished({ kind: 'resumed' }));
    this.resumption = r;
    void r.start();
  }

  /** close shuts the open dialog; a running operation cannot be closed. */
  close(): void {
    if (this.change?.busy || this.revocation?.busy || this.resumption?.busy) return;
    this.change = null;
    this.revocation = null;
    this.resumption = null;
  }

  /** onRotation passes an admin:rotation event to the running operation. */
  onRotation(p: RotationProgress): void {
    this.change?.onRotation(p);
    this.revocation?.onRotation(p);
    this.resumption?.onRotation(p);
  }

  async #roleChanged(c: RoleChange): Promise<void> {
    const kind = c.kind === 'grant-admin' ? 'granted' : c.kind === 'demote' ? 'demoted' : 'departments';
    await this.#finished(c.unchanged ? null : { kind, name: c.user.name });
    if (c.result) this.onRoleChanged(c.result);
  }

  async #finished(notice: Notice | null): Promise<void> {
    this.change = null;
    this.revocation = null;
    this.resumption = null;
    this.notice = notice;
    await this.load();
  }

  /** #refresh reloads after a failed revocation: it may have got part way (revoked, rotation interrupted). */
  async #refresh(): Promise<void> {
    await this.load();
  }
}

/** sortUsers: active before revoked, then admins, users, managers, then by name. */
export function sortUsers(list: readonly UserRow[]): UserRow[] {
  const rank: Record<UserRole, number> = { admin: 0, user: 1, manager: 2, privacy: 3 };
  return [...list].sort(
    (a, b) =>
      Number(a.status !== 'active') - Number(b.status !== 'active') ||
      rank[a.role] - rank[b.role] ||
      a.name.localeCompare(b.name, 'nl'),
  );
}
