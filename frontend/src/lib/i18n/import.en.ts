import type { importNl } from './import.nl';

// English texts of the import screens, typed against import.nl.ts.
export const importEn: Record<keyof typeof importNl, string> = {
  'import.title': 'Import employees',
  'import.close': 'Close',
  'import.intro': 'Import employees from an export of your payroll system.',
};
