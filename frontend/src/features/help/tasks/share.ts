import type { HelpTask } from '../types';

/** Share an employee's dossier with the arbo service (Medewerkers → employee → Dossier delen). */
export const shareTask: HelpTask = {
  id: 'share',
  title: 'help.share.title',
  summary: 'help.share.summary',
  audience: { roles: ['admin', 'user', 'manager'] },
  steps: [
    { place: { page: 'medewerkers' }, target: 'people-search', text: 'help.share.step1' },
    { place: { page: 'medewerkers' }, target: 'people-tree', text: 'help.share.step2' },
    { place: { page: 'medewerkers' }, target: 'share-panel', when: 'employee-unshared', text: 'help.share.step3' },
    { place: { page: 'medewerkers' }, target: 'share-open', when: 'employee-unshared', text: 'help.share.step4' },
  ],
};
