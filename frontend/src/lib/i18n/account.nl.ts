// "Mijn account" on Beheer: the user's own name and e-mail address.
export const accountNl = {
  'account.title': 'Mijn account',
  'account.intro': 'Je naam en het e-mailadres waarmee je de kluis ontgrendelt.',
  'account.name': 'Naam',
  'account.email': 'E-mailadres',
  'account.emailHint': 'Na het wijzigen ontgrendel je met het nieuwe adres.',
  'account.emailAdminOnly': 'Alleen een beheerder kan het e-mailadres wijzigen waarmee je ontgrendelt.',
  'account.submit': 'Gegevens opslaan',
  'account.busy': 'Opslaan…',
  'account.done': 'Je gegevens zijn opgeslagen.',
  'account.doneEmail': 'Je gegevens zijn opgeslagen. Ontgrendel voortaan met {email}.',
} as const satisfies Record<string, string>;
