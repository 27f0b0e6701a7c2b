import type { HelpTask } from '../types';

/** Import employees from a payroll export (Medewerkers → Importeren). */
export const importTask: HelpTask = {
  id: 'import',
  title: 'help.import.title',
  summary: 'help.import.summary',
  audience: { roles: ['admin', 'user', 'manager'] },
  steps: [
    { place: { page: 'medewerkers' }, target: 'nav-medewerkers', text: 'help.import.step1' },
    { place: { page: 'medewerkers' }, target: 'people-import', text: 'help.import.step2' },
    { place: { page: 'medewerkers' }, target: 'people-tree', text: 'help.import.step3' },
    { place: { page: 'medewerkers' }, target: 'people-search', text: 'help.import.step4' },
  ],
};
