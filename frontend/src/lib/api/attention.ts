import * as Sharing from '../../../wailsjs/go/app/Sharing';
import { call } from './call';

/** What Actueel shows (app/sharing.go Attention). */

export interface AttentionAbsence {
  employeeId: string;
  /** The name of a shared employee, else "Anoniem (Persnr …)". */
  label: string;
  persnr: string;
  departmentPath: string;
  /** jjjj-mm-dd */
  firstSickDay: string;
  week: number;
  /** A Poortwachter milestone code, or '' after week 104. */
  nextMilestone: string;
  milestoneWeek: number;
  /** The worst Poortwachter step status: late | due | upcoming (the list comes late first). */
  status: string;
  /** The first step not done, its deadline (jjjj-mm-dd) and status. */
  nextStep: string;
  nextDeadline: string;
  nextStatus: string;
  lateSteps: number;
  /** The Poortwachter step the arbo service reports, in its own words ('' when none). */
  poortwachter: string;
}

/** A waiting access request: who asked, and when (RFC 3339). */
export interface AttentionRequest {
  name: string;
  requested: string;
}

export interface Attention {
  openAbsences: AttentionAbsence[];
  pendingSync: number;
  accessRequests: number;
  /** The oldest waiting requests (at most 5), oldest first; absent in older payloads. */
  requests?: AttentionRequest[];
  /** How many employees are past the retention period (admins); Beheer → Bewaartermijn lists them. */
  retentionDue: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export async function attention(): Promise<Attention> {
  const a = await call(() => Sharing.Attention());
  return {
    openAbsences: (a.openAbsences ?? []).map((x) => ({
      employeeId: str(x.employeeId), label: str(x.label), persnr: str(x.persnr), departmentPath: str(x.departmentPath),
      firstSickDay: str(x.firstSickDay), week: num(x.week), nextMilestone: str(x.nextMilestone), milestoneWeek: num(x.milestoneWeek),
      status: str(x.status), nextStep: str(x.nextStep), nextDeadline: str(x.nextDeadline), nextStatus: str(x.nextStatus), poortwachter: str(x.poortwachter),
      lateSteps: num(x.lateSteps),
    })),
    pendingSync: num(a.pendingSync),
    accessRequests: num(a.accessRequests),
    requests: (a.requests ?? []).map((r) => ({ name: str(r.name), requested: str(r.requested) })),
    retentionDue: num(a.retentionDue),
  };
}
