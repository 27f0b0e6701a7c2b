import * as Admin from '../../../wailsjs/go/app/Admin';
import * as Session from '../../../wailsjs/go/app/Session';
import { app } from '../../../wailsjs/go/models';
import { call } from './call';
import { toStatus, type Status } from './session';

/** Access requests (app/admin.go): filing one on the unlock screen, and the admin's list. */

export type RequestedRole = 'user' | 'manager';

export interface AccessRequestForm {
  name: string;
  email: string;
  passphrase: string;
  role: RequestedRole;
}

export interface AccessRequestInfo {
  id: string;
  name: string;
  email: string;
  role: string;
  /** The requester's key fingerprint, to compare with what their screen showed. */
  fingerprint: string;
  /** RFC 3339. */
  created: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** requestAccess files a request (vault locked); it returns the key fingerprint to show. Field errors under name, email, passphrase, role. */
export async function requestAccess(form: AccessRequestForm): Promise<string> {
  const r = await call(() => Session.RequestAccess(app.AccessRequestForm.createFrom(form)));
  return str(r.fingerprint);
}

/** withdrawRequest takes back the requester's own pending request (vault locked); the passphrase proves it. */
export async function withdrawRequest(email: string, passphrase: string): Promise<void> {
  await call(() => Session.WithdrawRequest(email, passphrase));
}

export async function accessRequests(): Promise<AccessRequestInfo[]> {
  const list = await call(() => Admin.Requests());
  return (list ?? []).map((r) => ({
    id: str(r.id), name: str(r.name), email: str(r.email), role: str(r.role), fingerprint: str(r.fingerprint),
    created: str(r.created),
  }));
}

/** approveRequest ("Akkoord"): a manager gets the given department ids, a user every department, an admin the vault key. */
export async function approveRequest(id: string, role: 'user' | 'manager' | 'admin' | 'privacy', departmentIds: string[]): Promise<void> {
  await call(() => Admin.Approve(id, role, departmentIds));
}

/**
 * rejectRequest ("Afwijzen") rejects a pending request; the requester reads `reason` when they
 * next try to unlock (access_rejected). An empty reason: invalid_input with fields.reason.
 */
export async function rejectRequest(id: string, reason: string): Promise<void> {
  await call(() => Admin.Reject(id, reason));
}

/** A user's request for a new unlock e-mail address, awaiting an admin (app/emailchange.go). */
export interface EmailChangeInfo {
  userId: string;
  name: string;
  /** The address they unlock with now. */
  email: string;
  newEmail: string;
}

export async function emailChanges(): Promise<EmailChangeInfo[]> {
  const list = await call(() => Admin.EmailChanges());
  return (list ?? []).map((c) => ({ userId: str(c.userId), name: str(c.name), email: str(c.email), newEmail: str(c.newEmail) }));
}

/** approveEmailChange ("Akkoord"): the new address unlocks from now on; user_exists when another user took it meanwhile. */
export async function approveEmailChange(userId: string): Promise<void> {
  await call(() => Admin.ApproveEmailChange(userId));
}

/** rejectEmailChange ("Afwijzen"): the user keeps their address. */
export async function rejectEmailChange(userId: string): Promise<void> {
  await call(() => Admin.RejectEmailChange(userId));
}

/** Users and their rights (app/admin_users.go): the "Autorisaties" screen. */

export type UserRole = 'admin' | 'user' | 'manager' | 'privacy';
export type UserStatus = 'active' | 'revoked';

export interface DepartmentRef {
  id: string;
  /** 'Employer / Dept / Sub'. */
  path: string;
}

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  status: UserStatus;
  /** Admins, and users holding every department. */
  allDepartments: boolean;
  /** The departments a manager (or user) holds. */
  departments: DepartmentRef[];
  /** Live departments below a manager's chosen ones: their grant covers them too. */
  below: number;
  /** Name of the admin who signed the grant; '' for the founder. */
  grantedBy: string;
  /** RFC 3339 or ''. */
  grantedAt: string;
  /** Name of the admin who revoked the access; '' while active. */
  revokedBy: string;
  /** RFC 3339 or ''. */
  revokedAt: string;
  /** RFC 3339 or '' (never unlocked). */
  lastActivity: string;
  self: boolean;
  founder: boolean;
}

const USER_ROLES: readonly UserRole[] = ['admin', 'user', 'manager', 'privacy'];
const USER_STATUSES: readonly UserStatus[] = ['active', 'revoked'];

function toDepartmentRef(d: unknown): DepartmentRef | null {
  if (typeof d !== 'object' || d === null) return null;
  const r = d as { id?: unknown; path?: unknown };
  const id = str(r.id);
  return id === '' ? null : { id, path: str(r.path) };
}

/** toUserRow narrows one generated row; an unknown role reads as 'user', an unknown status as 'revoked' (no actions). */
export function toUserRow(u: unknown): UserRow {
  const r = (typeof u === 'object' && u !== null ? u : {}) as Record<string, unknown>;
  const role = USER_ROLES.includes(r.role as UserRole) ? (r.role as UserRole) : 'user';
  const status = USER_STATUSES.includes(r.status as UserStatus) ? (r.status as UserStatus) : 'revoked';
  const departments = Array.isArray(r.departments)
    ? r.departments.map(toDepartmentRef).filter((d): d is DepartmentRef => d !== null)
    : [];
  return {
    id: str(r.id),
    name: str(r.name),
    email: str(r.email),
    role,
    status,
    allDepartments: r.allDepartments === true,
    departments,
    below: typeof r.below === 'number' && r.below > 0 ? r.below : 0,
    grantedBy: str(r.grantedBy),
    grantedAt: str(r.grantedAt),
    revokedBy: str(r.revokedBy),
    revokedAt: str(r.revokedAt),
    lastActivity: str(r.lastActivity),
    self: r.self === true,
    founder: r.founder === true,
  };
}

/** users lists every user of the vault, revoked ones included. */
export async function users(): Promise<UserRow[]> {
  const list = await call(() => Admin.Users());
  return (list ?? []).map(toUserRow);
}

/** What SetRole answers. */
export interface RoleChangeResult {
  /**
   * Set when an admin stepped down: the vault key and the recovery code were replaced, the old
   * emergency kit no longer opens the vault, and `status` says a new kit must be saved.
   */
  newRecoveryCode: string;
  status: Status | null;
}

/**
 * setRole gives a user a new role. A manager gets exactly `departmentIds`; taking departments
 * away (or an admin stepping down) re-seals records (admin:rotation events). Codes: last_admin,
 * self_step_down, not_found, invalid_input (fields.role, fields.departments).
 */
export async function setRole(id: string, role: UserRole, departmentIds: string[]): Promise<RoleChangeResult> {
  const r = await call(() => Admin.SetRole(id, role, role === 'manager' ? departmentIds : []));
  return { newRecoveryCode: str(r?.newRecoveryCode), status: r?.status ? toStatus(r.status) : null };
}

/**
 * revokeUser ("Toegang intrekken") removes a user's keys and rotates the keys of the departments
 * they held; long, with admin:rotation events. Codes: denied (yourself or an admin), not_found,
 * invalid_input (fields.reason).
 */
export async function revokeUser(id: string, reason: string): Promise<void> {
  await call(() => Admin.Revoke(id, reason));
}

/** pendingRevocation is true when a revocation was interrupted (crash) and must be finished. */
export async function pendingRevocation(): Promise<boolean> {
  return (await call(() => Admin.PendingRevocation())) === true;
}

/** resumeRevocation finishes an interrupted revocation, with the same admin:rotation events. */
export async function resumeRevocation(): Promise<void> {
  await call(() => Admin.ResumeRevocation());
}
