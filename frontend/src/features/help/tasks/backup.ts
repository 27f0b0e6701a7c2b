import type { HelpTask } from '../types';

/** Make a backup (Beheer → Back-up). */
export const backupTask: HelpTask = {
  id: 'backup',
  title: 'help.backup.title',
  summary: 'help.backup.summary',
  audience: { roles: ['admin'] },
  steps: [
    { place: { page: 'beheer', tab: 'backup' }, target: 'backup-last', text: 'help.backup.step1' },
    { place: { page: 'beheer', tab: 'backup' }, target: 'backup-make', text: 'help.backup.step2' },
  ],
};
