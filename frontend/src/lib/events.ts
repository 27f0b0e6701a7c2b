import { onEvent, toReplicaStatus, toSyncStatus, type ReplicaStatus, type SyncStatus } from './api';

/**
 * Event names, payloads and their values mirror app/events.go, the one Go file of events;
 * app/contract_test.go fails when a name, phase or lock reason exists on one side only.
 */
export const EVENTS = {
  vaultLocked: 'vault:locked',
  importProgress: 'import:progress',
  adminRotation: 'admin:rotation',
  syncProgress: 'sync:progress',
  syncStatus: 'sync:status',
  replicaStatus: 'replica:status',
  erasure: 'retention:erase',
  backupProgress: 'backup:progress',
} as const;

export type ImportPhase = 'checking' | 'writing' | 'done';
const IMPORT_PHASES: readonly ImportPhase[] = ['checking', 'writing', 'done'];

/** A key rotation after a revocation or a department taken from a manager: records re-sealed. */
export type RotationPhase = 'sealing' | 'done';
const ROTATION_PHASES: readonly RotationPhase[] = ['sealing', 'done'];

/** An erasure: employees erased, the arbo service told, the store compacted, checked for traces. */
export type ErasurePhase = 'erase' | 'notify' | 'compact' | 'check';
const ERASURE_PHASES: readonly ErasurePhase[] = ['erase', 'notify', 'compact', 'check'];
/** A backup writes; a restore reads (decrypts) and then verifies. */
export type BackupPhase = 'writing' | 'reading' | 'verifying' | 'done';
const BACKUP_PHASES: readonly BackupPhase[] = ['writing', 'reading', 'verifying', 'done'];

export type LockReason = 'idle' | 'sleep' | 'user';

export interface EventPayloads {
  'vault:locked': { reason: LockReason };
  'import:progress': { phase: ImportPhase; done: number; total: number };
  'admin:rotation': { phase: RotationPhase; done: number; total: number };
  /** A running sync cycle: messages sent of those to send. */
  'sync:progress': { done: number; total: number };
  /** After every sync cycle, on demand or on the 5-minute timer. */
  'sync:status': SyncStatus;
  /** After every replication cycle (background or "Nu repliceren"); changed: records arrived. */
  'replica:status': ReplicaStatus;
  'retention:erase': { phase: ErasurePhase; done: number; total: number };
  /** A running backup or restore: bytes (records while verifying) done of total. */
  'backup:progress': { phase: BackupPhase; done: number; total: number };
}

export type EventName = keyof EventPayloads;

const LOCK_REASONS: readonly LockReason[] = ['idle', 'sleep', 'user'];

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** Payload guards: Go sends JSON, so check the shape before the UI relies on it. */
const parsers: { [K in EventName]: (raw: unknown) => EventPayloads[K] } = {
  'vault:locked': (raw) => {
    const reason = typeof raw === 'object' && raw !== null ? (raw as { reason?: unknown }).reason : undefined;
    return { reason: LOCK_REASONS.includes(reason as LockReason) ? (reason as LockReason) : 'user' };
  },
  'import:progress': (raw) => {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as { phase?: unknown; done?: unknown; total?: unknown };
    return {
      phase: IMPORT_PHASES.includes(r.phase as ImportPhase) ? (r.phase as ImportPhase) : 'checking',
      done: count(r.done),
      total: count(r.total),
    };
  },
  'admin:rotation': (raw) => {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as { phase?: unknown; done?: unknown; total?: unknown };
    return {
      phase: ROTATION_PHASES.includes(r.phase as RotationPhase) ? (r.phase as RotationPhase) : 'sealing',
      done: count(r.done),
      total: count(r.total),
    };
  },
  'sync:progress': (raw) => {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as { done?: unknown; total?: unknown };
    return { done: count(r.done), total: count(r.total) };
  },
  'sync:status': (raw) => toSyncStatus(raw),
  'replica:status': (raw) => toReplicaStatus(raw),
  'retention:erase': (raw) => {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as { phase?: unknown; done?: unknown; total?: unknown };
    return {
      phase: ERASURE_PHASES.includes(r.phase as ErasurePhase) ? (r.phase as ErasurePhase) : 'erase',
      done: count(r.done),
      total: count(r.total),
    };
  },
  'backup:progress': (raw) => {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as { phase?: unknown; done?: unknown; total?: unknown };
    return {
      phase: BACKUP_PHASES.includes(r.phase as BackupPhase) ? (r.phase as BackupPhase) : 'writing',
      done: count(r.done),
      total: count(r.total),
    };
  },
};

/**
 * subscribe listens to one backend event and returns the unsubscribe function, meant to be
 * returned from an $effect. Without a Wails runtime (tests, plain browser) it does nothing.
 */
export function subscribe<K extends EventName>(name: K, handler: (payload: EventPayloads[K]) => void): () => void {
  return onEvent(name, (raw) => handler(parsers[name](raw)));
}

/**
 * shared makes a listen function for a state that several views follow at once: start runs
 * for the first listener and the stop it returns after the last one has left; each returned
 * unlisten works once (an $effect may call it twice).
 */
export function shared(start: () => () => void): () => () => void {
  let listeners = 0;
  let stop: (() => void) | null = null;
  return () => {
    if (listeners++ === 0) stop = start();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--listeners === 0) {
        stop?.();
        stop = null;
      }
    };
  };
}
