/** The tabs of the Beheer page (admins); the page remembers the last one per user for the session. */
export const BEHEER_TABS = ['actions', 'users', 'logbook', 'agreement', 'arbo', 'reports', 'retention', 'backup', 'devices', 'settings'] as const;
export type BeheerTab = (typeof BEHEER_TABS)[number];

let remembered: { user: string; tab: BeheerTab } | null = null;

/** rememberedTab is the tab this user last chose, if it is still offered; else the first offered. */
export function rememberedTab(user: string, offered: readonly BeheerTab[]): BeheerTab {
  if (remembered && remembered.user === user && offered.includes(remembered.tab)) return remembered.tab;
  return offered[0] ?? 'actions';
}

export function rememberTab(user: string, tab: BeheerTab): void {
  remembered = { user, tab };
}

/** isBeheerTab narrows a tab id from the Tabs component. */
export function isBeheerTab(id: string): id is BeheerTab {
  return (BEHEER_TABS as readonly string[]).includes(id);
}
