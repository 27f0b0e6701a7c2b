import type { HelpTask } from '../types';

/** An admin approves a waiting access request (Beheer → Beheeracties), then sees the user listed. */
export const approveTask: HelpTask = {
  id: 'approve',
  title: 'help.approve.title',
  summary: 'help.approve.summary',
  audience: { roles: ['admin'] },
  steps: [
    { place: { page: 'beheer', tab: 'actions' }, target: 'nav-beheer', text: 'help.approve.step1' },
    { place: { page: 'beheer', tab: 'actions' }, target: 'access-requests', text: 'help.approve.step2' },
    { place: { page: 'beheer', tab: 'actions' }, target: 'request-approve', when: 'request-waiting', text: 'help.approve.step3' },
    { place: { page: 'beheer', tab: 'users' }, target: 'users-list', text: 'help.approve.step4' },
  ],
};
