import type { HelpTask } from '../types';

/** Report an employee sick (Medewerkers → employee → Ziekmelden; shares first when needed). */
export const sickTask: HelpTask = {
  id: 'sick',
  title: 'help.sick.title',
  summary: 'help.sick.summary',
  audience: { roles: ['admin', 'user', 'manager'] },
  steps: [
    { place: { page: 'medewerkers' }, target: 'people-search', text: 'help.sick.step1' },
    { place: { page: 'medewerkers' }, target: 'share-status', when: 'employee-unshared', text: 'help.sick.step2' },
    { place: { page: 'medewerkers' }, target: 'share-sick', when: 'employee-unshared', text: 'help.sick.step3' },
  ],
};
