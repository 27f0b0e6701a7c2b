import type { accountNl } from './account.nl';

export const accountEn: Record<keyof typeof accountNl, string> = {
  'account.title': 'My account',
  'account.intro': 'Your name and the e-mail address you unlock the vault with.',
  'account.name': 'Name',
  'account.email': 'E-mail address',
  'account.emailHint': 'After the change you unlock with the new address.',
  'account.emailAdminOnly': 'Only an administrator can change the e-mail address you unlock with.',
  'account.submit': 'Save details',
  'account.busy': 'Saving…',
  'account.done': 'Your details have been saved.',
  'account.doneEmail': 'Your details have been saved. From now on, unlock with {email}.',
};
