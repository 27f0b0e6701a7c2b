import type { HelpTask } from '../types';

/** Connect the arbo service with its enrolment code (Beheer → Arbodienst). */
export const arboTask: HelpTask = {
  id: 'arbo',
  title: 'help.arbo.title',
  summary: 'help.arbo.summary',
  audience: { roles: ['admin'] },
  steps: [
    { place: { page: 'beheer', tab: 'arbo' }, target: 'arbo-panel', text: 'help.arbo.step1' },
    { place: { page: 'beheer', tab: 'arbo' }, target: 'enrol-url', when: 'arbo-unlinked', text: 'help.arbo.step2' },
    { place: { page: 'beheer', tab: 'arbo' }, target: 'enrol-code', when: 'arbo-unlinked', text: 'help.arbo.step3' },
    { place: { page: 'beheer', tab: 'arbo' }, target: 'enrol-fingerprint', when: 'arbo-https', text: 'help.arbo.step4' },
    { place: { page: 'beheer', tab: 'arbo' }, target: 'enrol-submit', when: 'arbo-unlinked', text: 'help.arbo.step5' },
  ],
};
