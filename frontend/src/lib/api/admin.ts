import * as Admin from '../../../wailsjs/go/app/Admin';
import * as Session from '../../../wailsjs/go/app/Session';
import { app } from '../../../wailsjs/go/models';
import { call } from './call';

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

export async function accessRequests(): Promise<AccessRequestInfo[]> {
  const list = await call(() => Admin.Requests());
  return (list ?? []).map((r) => ({
    id: str(r.id), name: str(r.name), email: str(r.email), role: str(r.role), fingerprint: str(r.fingerprint),
    created: str(r.created),
  }));
}

/** approveRequest ("Akkoord"): a manager gets the given department ids, a user every department, an admin the vault key. */
export async function approveRequest(id: string, role: 'user' | 'manager' | 'admin', departmentIds: string[]): Promise<void> {
  await call(() => Admin.Approve(id, role, departmentIds));
}

/** rejectRequest ("Afwijzen") removes a pending request. */
export async function rejectRequest(id: string): Promise<void> {
  await call(() => Admin.Reject(id));
}
