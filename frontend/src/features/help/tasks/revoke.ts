import type { HelpTask } from '../types';

/** Revoke a share (Medewerkers → employee → Delen intrekken). */
export const revokeTask: HelpTask = {
  id: 'revoke',
  title: 'help.revoke.title',
  summary: 'help.revoke.summary',
  audience: { roles: ['admin', 'user', 'manager'] },
  steps: [
    { place: { page: 'medewerkers' }, target: 'people-search', text: 'help.revoke.step1' },
    { place: { page: 'medewerkers' }, target: 'share-status', when: 'employee-shared', text: 'help.revoke.step2' },
    { place: { page: 'medewerkers' }, target: 'share-revoke', when: 'employee-shared', text: 'help.revoke.step3' },
    { place: { page: 'medewerkers' }, target: 'share-history', when: 'employee-shared', text: 'help.revoke.step4' },
  ],
};
