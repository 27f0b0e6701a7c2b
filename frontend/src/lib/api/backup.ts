import * as Backup from '../../../wailsjs/go/app/Backup';
import { call } from './call';
import { toStatus, type Status } from './session';

/** Backup and restore (app/backup.go): Beheer → Back-up, Actueel's reminder, the first-run restore. */

export interface BackupStatus {
  /** RFC 3339, '' when no backup was made. */
  lastAt: string;
  lastBytes: number;
  /** The last backup is the one this vault was restored from. */
  restored: boolean;
  /** No backup yet, or the last is older than seven days. */
  due: boolean;
  canBackup: boolean;
}

export interface BackupMade {
  /** '' when the user cancelled the save dialog. */
  path: string;
  bytes: number;
  records: number;
  created: string;
}

export interface BackupFile {
  /** '' when the user cancelled the open dialog. */
  path: string;
  vaultId: string;
  created: string;
  bytes: number;
}

export interface RestoreDone {
  status: Status;
  created: string;
  undoneImport: boolean;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function toBackupStatus(v: unknown): BackupStatus {
  const r = rec(v);
  return { lastAt: str(r.lastAt), lastBytes: num(r.lastBytes), restored: r.restored === true, due: r.due === true, canBackup: r.canBackup === true };
}

export async function backupStatus(): Promise<BackupStatus> {
  return toBackupStatus(await call(() => Backup.Status()));
}

export async function makeBackup(): Promise<BackupMade> {
  const r = rec(await call(() => Backup.Make()));
  return { path: str(r.path), bytes: num(r.bytes), records: num(r.records), created: str(r.created) };
}

export async function chooseBackupFile(): Promise<BackupFile> {
  const r = rec(await call(() => Backup.ChooseFile()));
  return { path: str(r.path), vaultId: str(r.vaultId), created: str(r.created), bytes: num(r.bytes) };
}

export async function restoreBackup(path: string, email: string, passphrase: string): Promise<RestoreDone> {
  const r = rec(await call(() => Backup.Restore(path, email, passphrase)));
  return { status: toStatus((r.status ?? {}) as Parameters<typeof toStatus>[0]), created: str(r.created), undoneImport: r.undoneImport === true };
}
