import type { HelpTask } from '../types';

/** A new user asks an admin for access, from the locked window ("Toegang aanvragen"). */
export const requestTask: HelpTask = {
  id: 'request',
  title: 'help.request.title',
  summary: 'help.request.summary',
  audience: { locked: true },
  steps: [
    { place: { locked: 'unlock' }, target: 'request-link', text: 'help.request.step1' },
    { place: { locked: 'request' }, target: 'request-form', text: 'help.request.step2' },
    { place: { locked: 'request' }, target: 'request-role', text: 'help.request.step3' },
    { place: { locked: 'request' }, target: 'request-submit', text: 'help.request.step4' },
  ],
};
