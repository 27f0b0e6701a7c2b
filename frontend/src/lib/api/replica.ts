import * as Replica from '../../../wailsjs/go/app/Replica';
import * as Session from '../../../wailsjs/go/app/Session';
import { call } from './call';
import { toStatus, type Status } from './session';

/**
 * Replication between the PCs of one vault (app/replica.go): the status line, "Nu repliceren",
 * Beheer → Apparaten (bucket settings, devices, join codes) and "Bestaande kluis koppelen".
 * Nothing here ever carries the secret back: it only goes in.
 */

export interface ReplicaStatus {
  configured: boolean;
  /** RFC 3339 or ''. */
  lastPush: string;
  /** RFC 3339 or ''. */
  lastPull: string;
  /** An error code ('replica_server_down', …) of the last cycle, '' after a good one. */
  lastError: string;
  /** Local changes not yet sent. */
  pending: number;
  /** Objects of the bucket this PC refused (remembered). */
  refused: number;
  /** The cycle applied changes of other PCs: the window reloads what it shows. */
  changed: boolean;
  /** This PC's random label. */
  device: string;
  /** When an administrator removed this PC from the vault (RFC 3339), '' when not. */
  removed: string;
}

export interface ReplicaSettings {
  configured: boolean;
  url: string;
  /** Admins only; '' for others. */
  accessKey: string;
  setAt: string;
}

export interface ReplicaDevice {
  /** The random device id (hex): what removeDevice takes. */
  id: string;
  label: string;
  firstContact: string;
  lastContact: string;
  thisDevice: boolean;
  /** When an administrator removed it (RFC 3339) and their name; '' while active. */
  removedAt: string;
  removedBy: string;
  /** Audit entries the PC announced that this PC lacks after a later pull (its Logboek here is incomplete). */
  auditMissing: number;
}

export interface JoinRequest {
  url: string;
  accessKey: string;
  secretKey: string;
  code: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);
function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** toReplicaStatus narrows a call's answer or the replica:status payload. */
export function toReplicaStatus(v: unknown): ReplicaStatus {
  const s = rec(v);
  return {
    configured: s.configured === true,
    lastPush: str(s.lastPush),
    lastPull: str(s.lastPull),
    lastError: str(s.lastError),
    pending: count(s.pending),
    refused: count(s.refused),
    changed: s.changed === true,
    device: str(s.device),
    removed: str(s.removed),
  };
}

export function toReplicaSettings(v: unknown): ReplicaSettings {
  const s = rec(v);
  return { configured: s.configured === true, url: str(s.url), accessKey: str(s.accessKey), setAt: str(s.setAt) };
}

function toDevice(v: unknown): ReplicaDevice {
  const d = rec(v);
  return {
    id: str(d.id),
    label: str(d.label),
    firstContact: str(d.firstContact),
    lastContact: str(d.lastContact),
    thisDevice: d.thisDevice === true,
    removedAt: str(d.removedAt),
    removedBy: str(d.removedBy),
    auditMissing: typeof d.auditMissing === 'number' && d.auditMissing > 0 ? d.auditMissing : 0,
  };
}

export async function replicaStatus(): Promise<ReplicaStatus> {
  return toReplicaStatus(await call(() => Replica.Status()));
}

/** replicateNow runs one cycle; the new status also arrives as replica:status. */
export async function replicateNow(): Promise<ReplicaStatus> {
  return toReplicaStatus(await call(() => Replica.ReplicateNow()));
}

export async function replicaSettings(): Promise<ReplicaSettings> {
  return toReplicaSettings(await call(() => Replica.Settings()));
}

/** saveReplicaSettings checks the bucket against the server, then stores it (an empty secret keeps the stored one). */
export async function saveReplicaSettings(url: string, accessKey: string, secretKey: string): Promise<ReplicaSettings> {
  return toReplicaSettings(await call(() => Replica.SaveSettings(url.trim(), accessKey.trim(), secretKey)));
}

export async function clearReplicaSettings(): Promise<ReplicaSettings> {
  return toReplicaSettings(await call(() => Replica.ClearSettings()));
}

export async function replicaDevices(): Promise<ReplicaDevice[]> {
  const list = await call(() => Replica.Devices());
  return Array.isArray(list) ? list.map(toDevice) : [];
}

/** removeDevice removes a PC from the vault (admins); the answer is the new device list. */
export async function removeDevice(id: string): Promise<ReplicaDevice[]> {
  const list = await call(() => Replica.RemoveDevice(id));
  return Array.isArray(list) ? list.map(toDevice) : [];
}

export async function inviteDevice(): Promise<string> {
  return str(await call(() => Replica.Invite()));
}

/** joinVault makes the empty folder a copy of an existing vault; the answer is the new status (locked). */
export async function joinVault(req: JoinRequest): Promise<Status> {
  return toStatus(
    await call(() => Session.JoinVault({ url: req.url.trim(), accessKey: req.accessKey.trim(), secretKey: req.secretKey, code: req.code.trim() })),
  );
}
