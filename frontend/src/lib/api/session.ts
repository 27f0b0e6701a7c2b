import * as Session from '../../../wailsjs/go/app/Session';
import { app } from '../../../wailsjs/go/models';
import { call } from './call';

export type VaultState = 'new' | 'locked' | 'unlocked' | 'in_use' | 'unavailable';
export type Role = 'admin' | 'user' | 'manager' | 'privacy';

export interface User {
  name: string;
  email: string;
  role: Role;
  /** A non-admin's requested new unlock address, awaiting an admin's Akkoord. */
  pendingEmail?: string;
}

export interface Employer {
  name: string;
  kvk: string;
}

export interface Status {
  state: VaultState;
  vaultPath: string;
  errorCode?: string;
  user?: User;
  employer?: Employer;
  idleLockMinutes: number;
  recoveryKitPending: boolean;
  /** The pending kit holds a code that replaced the old one (an admin stepped down). */
  recoveryKitReplaced?: boolean;
  /** The log file that "de details staan in het logboek" means; absent when there is none. */
  logPath?: string;
  /** Kluis's version (from the git tag it was built from), shown in Beheer → Over Kluis. */
  version?: string;
  /**
   * Admins only: what the unlock found wrong with the audit log (entries removed, edited or cut
   * off), in English with entry numbers; the shell shows a red banner while it is set.
   */
  auditProblem?: string;
}

export interface PassphraseCheck {
  score: number;
  acceptable: boolean;
  problems: string[];
}

export interface NewVault {
  employerName: string;
  kvk: string;
  adminName: string;
  adminEmail: string;
  passphrase: string;
}

export interface NewVaultResult {
  recoveryCode: string;
  status: Status;
}

const STATES: readonly VaultState[] = ['new', 'locked', 'unlocked', 'in_use', 'unavailable'];
const ROLES: readonly Role[] = ['admin', 'user', 'manager', 'privacy'];

function toState(s: unknown): VaultState {
  return STATES.includes(s as VaultState) ? (s as VaultState) : 'unavailable';
}

function toRole(r: unknown): Role {
  return ROLES.includes(r as Role) ? (r as Role) : 'user';
}

/** toStatus normalises the generated model into the frontend's narrower type. */
export function toStatus(s: app.Status): Status {
  const out: Status = {
    state: toState(s.state),
    vaultPath: s.vaultPath ?? '',
    idleLockMinutes: typeof s.idleLockMinutes === 'number' ? s.idleLockMinutes : 0,
    recoveryKitPending: s.recoveryKitPending === true,
    recoveryKitReplaced: s.recoveryKitReplaced === true,
  };
  if (s.errorCode) out.errorCode = s.errorCode;
  if (typeof s.logPath === 'string' && s.logPath !== '') out.logPath = s.logPath;
  if (typeof s.version === 'string' && s.version !== '') out.version = s.version;
  if (typeof s.auditProblem === 'string' && s.auditProblem.trim() !== '') out.auditProblem = s.auditProblem;
  if (s.user && s.user.email) out.user = { name: s.user.name ?? '', email: s.user.email, role: toRole(s.user.role) };
  if (out.user && s.user?.pendingEmail) out.user.pendingEmail = s.user.pendingEmail;
  if (s.employer && s.employer.name) out.employer = { name: s.employer.name, kvk: s.employer.kvk ?? '' };
  return out;
}


export async function status(): Promise<Status> {
  return toStatus(await call(() => Session.Status()));
}

export async function checkPassphrase(passphrase: string, related: string[]): Promise<PassphraseCheck> {
  const r = await call(() => Session.CheckPassphrase(passphrase, related));
  return {
    score: Math.max(0, Math.min(4, Number(r.score) || 0)),
    acceptable: r.acceptable === true,
    problems: Array.isArray(r.problems) ? r.problems.filter((p) => typeof p === 'string') : [],
  };
}

export async function createVault(input: NewVault): Promise<NewVaultResult> {
  const r = await call(() => Session.CreateVault(new app.NewVault(input)));
  return { recoveryCode: r.recoveryCode ?? '', status: toStatus(r.status) };
}

/** saveEmergencyKit returns the path written, or '' when the user cancelled the dialog. */
export async function saveEmergencyKit(): Promise<string> {
  return (await call(() => Session.SaveEmergencyKit())) ?? '';
}

export async function confirmEmergencyKit(): Promise<Status> {
  return toStatus(await call(() => Session.ConfirmEmergencyKit()));
}

export async function unlock(email: string, passphrase: string): Promise<Status> {
  return toStatus(await call(() => Session.Unlock(email, passphrase)));
}

/** rememberedEmail is the e-mail this computer remembers for the unlock screen, or ''. */
export async function rememberedEmail(): Promise<string> {
  return (await call(() => Session.RememberedEmail())) ?? '';
}

/** rememberEmail keeps the e-mail for the next unlock on this computer ('' forgets it); only while unlocked. */
export async function rememberEmail(email: string): Promise<void> {
  await call(() => Session.RememberEmail(email));
}

export async function recover(recoveryCode: string, adminEmail: string, newPassphrase: string): Promise<Status> {
  return toStatus(await call(() => Session.Recover(recoveryCode, adminEmail, newPassphrase)));
}

export async function lock(): Promise<Status> {
  return toStatus(await call(() => Session.Lock()));
}

export async function touch(): Promise<void> {
  await call(() => Session.Touch());
}

export async function setIdleLockMinutes(minutes: number): Promise<Status> {
  return toStatus(await call(() => Session.SetIdleLockMinutes(minutes)));
}

export async function changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
  await call(() => Session.ChangePassphrase(oldPassphrase, newPassphrase));
}

/** updateOwnAccount changes the unlocked user's own name and e-mail ("Mijn account"); field errors under "name" and "email". */
export async function updateOwnAccount(name: string, email: string): Promise<Status> {
  return toStatus(await call(() => Session.UpdateOwnAccount(name, email)));
}
