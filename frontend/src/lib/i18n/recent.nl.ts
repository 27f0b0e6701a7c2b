// Recently visited employees, under the tree on Medewerkers.
export const recentNl = {
  'recent.title': 'Laatst bezocht',
  'recent.listLabel': 'Laatst bezochte medewerkers',
  'recent.open': '{name} openen',
  'recent.ended': 'uit dienst',
  'recent.error': 'De laatst bezochte medewerkers zijn niet te laden.',
} as const satisfies Record<string, string>;
