import { beforeEach, describe, expect, it } from 'vitest';
import { LocaleState, LOCALE_STORAGE_KEY } from './locale.svelte';
import { ThemeState, THEME_STORAGE_KEY } from './theme.svelte';

describe('locale preference', () => {
  beforeEach(() => localStorage.clear());

  it('defaults to Dutch', () => {
    expect(new LocaleState().current).toBe('nl');
  });

  it('is remembered in localStorage', () => {
    new LocaleState().set('en');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(new LocaleState().current).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('ignores an invalid stored value and falls back to Dutch', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'fr');
    expect(new LocaleState().current).toBe('nl');
    localStorage.setItem(LOCALE_STORAGE_KEY, '{"locale":"en"}');
    expect(new LocaleState().current).toBe('nl');
  });
});

describe('theme preference', () => {
  beforeEach(() => localStorage.clear());

  it('is remembered and sets data-theme; system removes it', () => {
    new ThemeState().set('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark');
    const th = new ThemeState();
    expect(th.current).toBe('dark');
    th.set('system');
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
  });

  it('ignores an invalid stored value', () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'neon');
    expect(new ThemeState().current).toBe('system');
  });
});
