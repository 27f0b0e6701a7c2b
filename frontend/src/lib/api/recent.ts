import * as Directory from '../../../wailsjs/go/app/Directory';
import { call } from './call';

/** An employee of the user's recently visited list (app/recent.go); label '' is anonymised. */
export interface RecentEmployee {
  id: string;
  persnr: string;
  /** The name as the tree shows it; '' when the tree shows "Anoniem (Persnr …)". */
  label: string;
  departmentPath: string;
  active: boolean;
}

/** recentEmployees is the user's last ten opened employees, newest first. */
export async function recentEmployees(): Promise<RecentEmployee[]> {
  const list = await call(() => Directory.RecentEmployees());
  return (list ?? []).map((r) => ({
    id: String(r.id ?? ''),
    persnr: String(r.persnr ?? ''),
    label: String(r.label ?? ''),
    departmentPath: String(r.departmentPath ?? ''),
    active: r.active === true,
  }));
}
