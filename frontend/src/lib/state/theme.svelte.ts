import { readStored, writeStored } from './storage';

export const THEMES = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_STORAGE_KEY = 'kluis.theme';

export function isTheme(v: unknown): v is Theme {
  return typeof v === 'string' && (THEMES as readonly string[]).includes(v);
}

/**
 * Light, dark or follow the system. 'system' removes data-theme so the CSS
 * prefers-color-scheme rule decides.
 */
export class ThemeState {
  current = $state<Theme>('system');

  constructor() {
    const stored = readStored(THEME_STORAGE_KEY);
    this.current = isTheme(stored) ? stored : 'system';
    this.#apply();
  }

  set(next: Theme): void {
    if (!isTheme(next)) return;
    this.current = next;
    writeStored(THEME_STORAGE_KEY, next);
    this.#apply();
  }

  #apply(): void {
    if (typeof document === 'undefined') return;
    const root = document.documentElement;
    if (this.current === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', this.current);
  }
}

export const theme = new ThemeState();
