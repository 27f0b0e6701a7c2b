import { getContext, setContext } from 'svelte';
import * as api from '../../lib/api';
import type { AppError, ReplicaStatus } from '../../lib/api';
import { EVENTS, shared, subscribe } from '../../lib/events';

/** The calls ReplicaState makes; tests pass fakes. */
export interface ReplicaSource {
  status: () => Promise<ReplicaStatus>;
  replicateNow: () => Promise<ReplicaStatus>;
}

const backend: ReplicaSource = {
  status: () => api.replicaStatus(),
  replicateNow: () => api.replicateNow(),
};

/**
 * ReplicaState is replication as the window sees it: the status (read once, then from every
 * replica:status event), a running "Nu repliceren", and revision, which goes up whenever a cycle
 * applied changes of other PCs so the tree and Actueel reload. One lives in the shell's context.
 */
export class ReplicaState {
  status = $state<ReplicaStatus | null>(null);
  error = $state<AppError | null>(null);
  busy = $state(false);
  /** The last "Nu repliceren" failed (its code is also the status's lastError). */
  runError = $state<AppError | null>(null);
  /** Counts cycles that brought changes from other PCs. */
  revision = $state(0);

  /** Something is wrong: the last cycle failed, or objects were refused. */
  problem = $derived(!!this.status && this.status.configured && (this.status.lastError !== '' || this.status.refused > 0));

  readonly #source: ReplicaSource;

  constructor(source: ReplicaSource = backend) {
    this.#source = source;
  }

  async load(): Promise<void> {
    try {
      this.status = await this.#source.status();
      this.error = null;
    } catch (e) {
      this.error = api.toAppError(e);
    }
  }

  /** apply takes a status from the backend; changes from other PCs bump revision. */
  apply(s: ReplicaStatus): void {
    this.status = s;
    this.error = null;
    if (s.changed) this.revision++;
  }

  async replicateNow(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.runError = null;
    try {
      this.apply(await this.#source.replicateNow());
    } catch (e) {
      this.runError = api.toAppError(e);
      await this.load();
    } finally {
      this.busy = false;
    }
  }

  /** listen follows replica:status until the returned function is called (from an $effect). */
  readonly listen = shared(() => subscribe(EVENTS.replicaStatus, (s) => this.apply(s)));
}

const KEY = Symbol('replica');

export function setReplicaState(state: ReplicaState): ReplicaState {
  return setContext(KEY, state);
}

/** useReplicaState is the shell's ReplicaState, or (outside the shell, e.g. a test) a new one. */
export function useReplicaState(): ReplicaState {
  return getContext<ReplicaState | undefined>(KEY) ?? new ReplicaState();
}
