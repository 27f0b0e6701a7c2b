import type { Status, SyncReport, SyncStatus } from '../../../lib/api';
import { SyncState, type SyncSource } from '../sync.svelte';
import { vi } from 'vitest';

export function session(role: 'admin' | 'user' | 'manager' = 'admin'): Status {
  return {
    state: 'unlocked', vaultPath: '/tmp/v', idleLockMinutes: 10, recoveryKitPending: false,
    user: { name: 'Petra de Beheerder', email: 'petra@korenaar.example', role },
  };
}

export function syncStatus(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    linked: true, serviceName: 'Arbo Noord', url: 'https://kluis.arbonoord.example', employerId: 'emp-7f3a',
    fingerprint: 'AB:CD:EF:01', helpdesk: { name: 'Servicedesk Arbo Noord', email: 'help@arbonoord.example', phone: '030 123 45 67', hours: 'ma–vr 8.30–17.00' },
    linkedAt: '2026-11-02T09:15:00Z', lastAttempt: '', lastSuccess: '', lastError: '', pending: 0, rejected: 0, stale: false,
    retrievalsThisMonth: -1, running: false, ...over,
  };
}

export const NOT_LINKED = syncStatus({
  linked: false, serviceName: '', url: '', employerId: '', fingerprint: '', linkedAt: '', lastError: 'not_linked',
  helpdesk: { name: '', email: '', phone: '', hours: '' },
});

export function report(over: Partial<SyncReport> = {}): SyncReport {
  return { sent: 0, rejected: 0, retrievals: 0, ended: 0, waiting: 0, status: syncStatus(), ...over };
}

/** fakeSync is a SyncState over function-field fakes (restic's mock backend style). */
export function fakeSync(status: SyncStatus) {
  const source = {
    status: vi.fn<SyncSource['status']>(async () => status),
    syncNow: vi.fn<SyncSource['syncNow']>(async () => report({ status })),
    enrol: vi.fn<SyncSource['enrol']>(async () => syncStatus()),
  };
  return { state: new SyncState(source), source };
}

type Handler = (...data: unknown[]) => void;

/** fakeRuntime stands in for Wails' window.runtime so events can be sent to the window. */
export function fakeRuntime() {
  const handlers = new Map<string, Set<Handler>>();
  (window as unknown as { runtime: unknown }).runtime = {
    EventsOnMultiple: (name: string, f: Handler) => {
      const set = handlers.get(name) ?? new Set<Handler>();
      set.add(f);
      handlers.set(name, set);
      return () => set.delete(f);
    },
  };
  return {
    emit(name: string, payload: unknown) {
      for (const f of handlers.get(name) ?? []) f(payload);
    },
    remove() {
      delete (window as unknown as { runtime?: unknown }).runtime;
    },
  };
}
