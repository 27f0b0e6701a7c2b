// Dutch texts of the import screens (merged into nl.ts). Keys start with 'import.'.
export const importNl = {
} as const satisfies Record<string, string>;
