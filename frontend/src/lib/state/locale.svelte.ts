import { readStored, writeStored } from './storage';

export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_STORAGE_KEY = 'kluis.locale';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The UI language, remembered in localStorage; anything unknown there means Dutch. */
export class LocaleState {
  current = $state<Locale>('nl');

  constructor() {
    const stored = readStored(LOCALE_STORAGE_KEY);
    this.current = isLocale(stored) ? stored : 'nl';
    this.#apply();
  }

  set(next: Locale): void {
    if (!isLocale(next)) return;
    this.current = next;
    writeStored(LOCALE_STORAGE_KEY, next);
    this.#apply();
  }

  #apply(): void {
    if (typeof document !== 'undefined') document.documentElement.lang = this.current;
  }
}

export const locale = new LocaleState();
