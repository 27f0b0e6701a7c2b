import { getContext, setContext } from 'svelte';
import * as api from '../api';
import type { AppError, NewVaultResult, RestoreDone, Status } from '../api';
import type { LockReason } from '../events';

export type Screen = 'loading' | 'create' | 'restore' | 'join' | 'kit' | 'unlock' | 'recover' | 'request' | 'in-use' | 'unavailable' | 'shell';
export const PAGES = ['actueel', 'medewerkers', 'beheer', 'synchronisatie'] as const;
export type NavPage = (typeof PAGES)[number];
/** A page of the shell: one of the sidebar's, or Ondersteuning (from the header, for every role). */
export type Page = NavPage | 'support';

export interface LockNotice {
  reason: Exclude<LockReason, 'user'>;
  minutes: number;
}

/**
 * AppState is the session as the UI sees it: the backend Status, which screen follows from it,
 * and the little the UI must remember between screens. It never holds a passphrase; the recovery
 * code lives here only between CreateVault and the confirmed emergency kit.
 */
export class AppState {
  status = $state<Status | null>(null);
  loadError = $state<AppError | null>(null);
  recovering = $state(false);
  /** The locked window shows "Toegang aanvragen" instead of the unlock form. */
  requesting = $state(false);
  recoveredNotice = $state(false);
  /** The first-run window shows "Back-up terugzetten" instead of creating a vault. */
  restoring = $state(false);
  /** The first-run window shows "Bestaande kluis koppelen" instead of creating a vault. */
  joining = $state(false);
  /** After a restore, the unlock screen says which backup came back (and an undone import). */
  restoredNotice = $state<{ created: string; undoneImport: boolean } | null>(null);
  lockNotice = $state<LockNotice | null>(null);
  recoveryCode = $state<string | null>(null);
  page = $state<Page>('actueel');
  /** An employee another page asked Medewerkers to open (Actueel); Medewerkers takes it. */
  pendingEmployee = $state<string | null>(null);
  /** Another page (Actueel) asked Medewerkers to open the import dialog; Medewerkers takes it. */
  pendingImport = $state(false);
  /** A Beheer tab another part (a "Help mij" walkthrough) asked Beheer to show; Beheer takes it. */
  pendingTab = $state<string | null>(null);

  screen: Screen = $derived.by(() => {
    const s = this.status;
    if (!s) return this.loadError ? 'unavailable' : 'loading';
    switch (s.state) {
      case 'new':
        return this.restoring ? 'restore' : this.joining ? 'join' : 'create';
      case 'locked':
        return this.recovering ? 'recover' : this.requesting ? 'request' : 'unlock';
      case 'unlocked':
        return s.recoveryKitPending ? 'kit' : 'shell';
      case 'in_use':
        return 'in-use';
      default:
        return 'unavailable';
    }
  });

  /** load asks the backend where we are; used at start and by "Opnieuw proberen". */
  async load(): Promise<void> {
    try {
      this.apply(await api.status());
      this.loadError = null;
    } catch (e) {
      this.loadError = api.toAppError(e);
    }
  }

  apply(next: Status): void {
    const wasUnlocked = this.status?.state === 'unlocked';
    if (wasUnlocked && next.state !== 'unlocked') this.wipe();
    if (next.state === 'unlocked') {
      this.lockNotice = null;
      this.recoveredNotice = false;
      this.recovering = false;
      this.requesting = false;
      this.restoredNotice = null;
    }
    if (!next.recoveryKitPending) this.recoveryCode = null;
    this.status = next;
  }

  created(result: NewVaultResult): void {
    this.recoveryCode = result.recoveryCode || null;
    this.apply(result.status);
  }

  /** openImport goes to Medewerkers with the import dialog open (an undone import, from Actueel). */
  openImport(): void {
    this.pendingImport = true;
    this.page = 'medewerkers';
  }

  /** openBeheerTab goes to Beheer with the given tab shown. */
  openBeheerTab(tab: string): void {
    this.pendingTab = tab;
    this.page = 'beheer';
  }

  /** openEmployee goes to Medewerkers with the employee in the pane. */
  openEmployee(id: string): void {
    this.pendingEmployee = id;
    this.page = 'medewerkers';
  }

  /** showRestore opens "Back-up terugzetten" on the first-run screen. */
  showRestore(): void {
    this.restoring = true;
  }

  /** showCreate goes back from "Back-up terugzetten" or "Bestaande kluis koppelen" to creating a new vault. */
  showCreate(): void {
    this.restoring = false;
    this.joining = false;
  }

  /** showJoin opens "Bestaande kluis koppelen" on the first-run screen. */
  showJoin(): void {
    this.joining = true;
  }

  /** joined shows the unlock screen of the vault this PC was just linked to. */
  joined(next: Status): void {
    this.joining = false;
    this.apply(next);
  }

  /** restored shows the unlock screen of the vault a backup brought back. */
  restored(d: RestoreDone): void {
    this.restoring = false;
    this.restoredNotice = { created: d.created, undoneImport: d.undoneImport };
    this.apply(d.status);
  }

  showRecover(): void {
    this.recoveredNotice = false;
    this.lockNotice = null;
    this.requesting = false;
    this.recovering = true;
  }

  /** showRequest opens "Toegang aanvragen" (a new user on this PC asks an admin for access). */
  showRequest(): void {
    this.recoveredNotice = false;
    this.lockNotice = null;
    this.recovering = false;
    this.requesting = true;
  }

  showUnlock(recovered = false): void {
    this.recovering = false;
    this.requesting = false;
    this.recoveredNotice = recovered;
  }

  /** lock wipes and shows the unlock screen at once, then tells the backend. */
  async lock(): Promise<void> {
    this.wipe();
    this.toLocked();
    this.lockNotice = null;
    try {
      this.apply(await api.lock());
    } catch {
      // Already showing the unlock screen; the backend locks on idle anyway.
    }
  }

  /** onLocked handles the backend's vault:locked event (idle, sleep or a lock elsewhere). */
  onLocked(reason: LockReason): void {
    const minutes = this.status?.idleLockMinutes ?? 0;
    this.wipe();
    this.toLocked();
    this.lockNotice = reason === 'user' ? null : { reason, minutes };
    void this.refreshAfterLock();
  }

  private async refreshAfterLock(): Promise<void> {
    try {
      const s = await api.status();
      if (s.state !== 'unlocked') this.apply(s);
    } catch {
      // keep the locked state we already show
    }
  }

  private toLocked(): void {
    const s = this.status;
    this.status = {
      state: 'locked',
      vaultPath: s?.vaultPath ?? '',
      idleLockMinutes: s?.idleLockMinutes ?? 0,
      recoveryKitPending: false,
      ...(s?.version ? { version: s.version } : {}),
    };
  }

  /** wipe drops everything that came out of the unlocked vault. */
  wipe(): void {
    this.recoveryCode = null;
    this.page = 'actueel';
    this.pendingEmployee = null;
    this.pendingImport = false;
    this.pendingTab = null;
    if (this.status) {
      const { user: _user, employer: _employer, auditProblem: _auditProblem, ...rest } = this.status;
      this.status = { ...rest, recoveryKitPending: false };
    }
  }
}

const KEY = Symbol('kluis.app');

export function setAppState(state: AppState): AppState {
  return setContext(KEY, state);
}

export function getAppState(): AppState {
  const s = getContext<AppState | undefined>(KEY);
  if (!s) throw new Error('AppState missing: call setAppState in App.svelte');
  return s;
}
