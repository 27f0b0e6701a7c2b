// Dutch texts of the people screens (merged into nl.ts). Keys start with 'people.'.
export const peopleNl = {
  'people.toolbar': 'Filters en sortering',
  'people.status.label': 'Dienstverband',
  'people.status.all': 'Alle',
  'people.status.active': 'In dienst',
  'people.status.ended': 'Uit dienst',
  'people.share.label': 'Deelstatus',
  'people.share.all': 'Alle',
  'people.share.shared': 'Gedeeld',
  'people.share.unshared': 'Niet gedeeld',
  'people.sort.label': 'Sorteren op',
  'people.sort.persnr': 'Personeelsnummer',
  'people.sort.name': 'Naam',
  'people.collapseAll': 'Alles inklappen',
} as const satisfies Record<string, string>;
