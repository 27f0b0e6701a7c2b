import * as Reports from '../../../wailsjs/go/app/Reports';
import { call } from './call';

/**
 * The printed reports (app/reports.go): the employee's access export (GDPR art. 15, PDF and
 * JSON) and share history, and Beheer → Rapportages (statistics, processing register). Each asks
 * where to save with the save dialog; `files` is empty when the user cancelled.
 */

export type ReportLang = 'nl' | 'en';

export interface ReportSaved {
  /** The files written, the PDF first. */
  files: string[];
}

function toSaved(r: { files?: string[] | null }): ReportSaved {
  return { files: r.files ?? [] };
}

/** Saves the access export as PDF and JSON (admins; report_admin_only otherwise). */
export async function saveAccessExport(employeeId: string, lang: ReportLang): Promise<ReportSaved> {
  return toSaved(await call(() => Reports.SaveAccessExport(employeeId, lang)));
}

/** Saves the employee's share history as a PDF. */
export async function saveShareHistory(employeeId: string, lang: ReportLang): Promise<ReportSaved> {
  return toSaved(await call(() => Reports.SaveShareHistory(employeeId, lang)));
}

/** Saves the anonymised statistics of an employer and year (not for managers). */
export async function saveStatistics(employerId: string, year: number, lang: ReportLang): Promise<ReportSaved> {
  return toSaved(await call(() => Reports.SaveStatistics(employerId, year, lang)));
}

/** Saves the processing register of an employer (admins). */
export async function saveRegister(employerId: string, lang: ReportLang): Promise<ReportSaved> {
  return toSaved(await call(() => Reports.SaveRegister(employerId, lang)));
}
