import { getContext, setContext } from 'svelte';
import * as api from '../../lib/api';
import type { AppError, SyncReport, SyncStatus } from '../../lib/api';
import { EVENTS, shared, subscribe } from '../../lib/events';

/** The calls SyncState makes; tests pass fakes. */
export interface SyncSource {
  status: () => Promise<SyncStatus>;
  syncNow: () => Promise<SyncReport>;
  enrol: (url: string, code: string, fingerprint: string) => Promise<SyncStatus>;
}

const backend: SyncSource = {
  status: () => api.syncStatus(),
  syncNow: () => api.syncNow(),
  enrol: (url, code, fingerprint) => api.enrol(url, code, fingerprint),
};

export interface SyncProgress {
  done: number;
  total: number;
}

/**
 * SyncState is the synchronisation with the arbo service as the window sees it: the status (from
 * Status, after every cycle from the sync:status event), a running "Nu synchroniseren" with its
 * progress (sync:progress) and what the last one did. One lives in the shell's context, so the
 * Synchronisatie page, Actueel and the share panel show the same thing.
 */
export class SyncState {
  status = $state<SyncStatus | null>(null);
  /** Reading the status failed. */
  error = $state<AppError | null>(null);
  loading = $state(false);
  /** This window's "Nu synchroniseren" is running. */
  busy = $state(false);
  progress = $state<SyncProgress | null>(null);
  /** What the last "Nu synchroniseren" did. */
  report = $state<SyncReport | null>(null);
  /** The last "Nu synchroniseren" failed as a whole. */
  runError = $state<AppError | null>(null);

  /** A cycle runs: this window's, or the background one the status reports. */
  running = $derived(this.busy || this.status?.running === true);
  /** The linked service's name, '' when none. */
  serviceName = $derived(this.status?.linked ? this.status.serviceName.trim() : '');

  readonly #source: SyncSource;

  constructor(source: SyncSource = backend) {
    this.#source = source;
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.status = await this.#source.status();
      this.error = null;
    } catch (e) {
      this.error = api.toAppError(e);
    } finally {
      this.loading = false;
    }
  }

  /** ensure loads the status once, for views that only need to know it (share panel, dialog). */
  ensure(): void {
    if (this.status === null && !this.loading && this.error === null) void this.load();
  }

  async syncNow(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.runError = null;
    this.report = null;
    this.progress = null;
    try {
      const r = await this.#source.syncNow();
      this.report = r;
      this.status = r.status;
      this.error = null;
    } catch (e) {
      this.runError = api.toAppError(e);
      // The cycle recorded its error: show it as the status says.
      await this.load();
    } finally {
      this.busy = false;
      this.progress = null;
    }
  }

  async enrol(url: string, code: string, fingerprint: string): Promise<void> {
    this.status = await this.#source.enrol(url, code, fingerprint);
    this.error = null;
  }

  /**
   * listen follows sync:progress and sync:status until the returned function is called (from an
   * $effect). Several views may listen to one state: it subscribes once.
   */
  readonly listen = shared(() => {
    const offProgress = subscribe(EVENTS.syncProgress, (p) => (this.progress = p));
    const offStatus = subscribe(EVENTS.syncStatus, (s) => {
      this.status = s;
      this.error = null;
      if (!this.busy) this.progress = null;
    });
    return () => {
      offProgress();
      offStatus();
    };
  });
}

const KEY = Symbol('sync');

export function setSyncState(state: SyncState): SyncState {
  return setContext(KEY, state);
}

/** useSyncState is the shell's SyncState, or (outside the shell, e.g. a test) a new one. */
export function useSyncState(): SyncState {
  return getContext<SyncState | undefined>(KEY) ?? new SyncState();
}
