// Dutch texts of the import screens (merged into nl.ts). Keys start with 'import.'.
export const importNl = {
  'import.title': 'Medewerkers importeren',
  'import.close': 'Sluiten',
  'import.intro': 'Importeer medewerkers uit een export van je salarisadministratie.',
} as const satisfies Record<string, string>;
