import * as Directory from '../../../wailsjs/go/app/Directory';
import { call } from './call';
import { emptyIdentity, toIdentity, type IdentityFields } from './people';

/**
 * A conflict of two concurrent identity edits made on two PCs (app/conflicts.go, ADR 012): the
 * version kept aside and the one stored now, with when and where each was made.
 */
export interface IdentityConflict {
  id: string;
  employee: string;
  kept: IdentityFields;
  /** undefined when the employee's identity is gone. */
  current?: IdentityFields;
  keptAt: string;
  currentAt: string;
  keptHere: boolean;
  currentHere: boolean;
}

/** Which version a resolution keeps. */
export type ConflictChoice = 'current' | 'kept';

/** conflictEmployees are the ids of employees with a conflict this user can resolve (no identity data). */
export async function conflictEmployees(): Promise<string[]> {
  const ids = await call(() => Directory.ConflictEmployees());
  return (ids ?? []).map(String);
}

/** conflicts lists the conflicts with both versions (audited as a read of the employees). */
export async function conflicts(): Promise<IdentityConflict[]> {
  const list = await call(() => Directory.Conflicts());
  return (list ?? []).map((c) => ({
    id: String(c.id ?? ''),
    employee: String(c.employee ?? ''),
    kept: toIdentity(c.kept) ?? emptyIdentity(),
    current: toIdentity(c.current),
    keptAt: String(c.keptAt ?? ''),
    currentAt: String(c.currentAt ?? ''),
    keptHere: c.keptHere === true,
    currentHere: c.currentHere === true,
  }));
}

/** resolveConflict keeps one version; the choice replicates and ends the conflict on every PC. */
export async function resolveConflict(id: string, choice: ConflictChoice): Promise<void> {
  await call(() => Directory.ResolveConflict(id, choice));
}
