import * as Retention from '../../../wailsjs/go/app/Retention';
import { call } from './call';

/** Beheer → Bewaartermijn (app/retention.go): employees past the retention period, and erasure. */

/** Why an employee cannot be erased yet (people.Refused* codes); '' when they can. */
export type RetentionBlock = '' | 'shared' | 'absence_open' | 'case_open';
const BLOCKS: readonly RetentionBlock[] = ['', 'shared', 'absence_open', 'case_open'];

export interface RetentionEntry {
  employeeId: string;
  persnr: string;
  departmentPath: string;
  /** jjjj-mm-dd: the last day of the last employment. */
  ended: string;
  blocked: RetentionBlock;
}

export interface RetentionList {
  entries: RetentionEntry[];
  /** Employees erased before, whose employment facts the vault keeps for statistics. */
  erased: number;
  /** Erasure notices that still wait for the arbo service. */
  noticesWaiting: number;
}

export interface EraseResult {
  erased: number;
  noticesWaiting: number;
  /** A sync error code when telling the arbo service failed, else ''. */
  notifyError: string;
  tookMs: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export async function retentionList(): Promise<RetentionList> {
  const r = await call(() => Retention.List());
  return {
    entries: (r.entries ?? []).map((e) => ({
      employeeId: str(e.employeeId), persnr: str(e.persnr), departmentPath: str(e.departmentPath), ended: str(e.ended),
      blocked: BLOCKS.includes(e.blocked as RetentionBlock) ? (e.blocked as RetentionBlock) : 'shared',
    })),
    erased: num(r.erased),
    noticesWaiting: num(r.noticesWaiting),
  };
}

export async function eraseEmployees(ids: string[]): Promise<EraseResult> {
  const r = await call(() => Retention.Erase(ids));
  return { erased: num(r.erased), noticesWaiting: num(r.noticesWaiting), notifyError: str(r.notifyError), tookMs: num(r.tookMs) };
}
