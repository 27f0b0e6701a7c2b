import type { reportsNl } from './reports.nl';

// Texts of the printed reports (English).
export const reportsEn: Record<keyof typeof reportsNl, string> = {
  'error.report_admin_only':
    "Only an administrator can make this: it needs the audit log (the arbo service's retrievals) or the vault's settings.",
  'error.statistics_all_departments': 'The statistics count every department; a manager holds only their own departments.',
  'reports.accessExport': 'Access request (GDPR art. 15)',
  'reports.accessExport.hint': 'Everything held about this employee as PDF and JSON, for an access request.',
  'reports.shareHistory': 'Share history (PDF)',
  'reports.saved': 'Saved: {files}',
  'reports.saving': 'Saving…',
  'reports.tab': 'Reports',
  'reports.title': 'Reports',
  'reports.intro': 'Documents for accountability: each one is recorded in the audit log.',
  'reports.employer': 'Employer',
  'reports.noEmployers': 'There is no employer yet.',
  'reports.loading': 'Loading employers…',
  'reports.statistics.title': 'Absence and staff statistics',
  'reports.statistics.intro':
    'Per department per quarter: employees, starters, leavers and absence. Anonymised: groups under 5 people show as "< 5".',
  'reports.statistics.year': 'Year',
  'reports.statistics.save': 'Save statistics (PDF)',
  'reports.register.title': 'Record of processing activities (GDPR art. 30)',
  'reports.register.intro':
    "Purposes, data, recipients (the linked arbo service), retention and security, from the vault's settings, for the data protection officer to sign.",
  'reports.register.save': 'Save register (PDF)',
};
