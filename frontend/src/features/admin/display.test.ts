import { afterEach, describe, expect, it } from 'vitest';
import { locale } from '../../lib/state/locale.svelte';
import { countText, dateText, dateTimeText, relativeText, roleText, scopeLines } from './display';
import { JORIS, NOOR, PETRA, row } from './test-helpers';

const now = new Date(2024, 5, 12, 15, 30); // 12 June 2024, 15:30 local
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const local = (y: number, mo: number, d: number, h = 12, mi = 0) => new Date(y, mo - 1, d, h, mi).toISOString();
const MIN = 60_000;

afterEach(() => locale.set('nl'));

describe('relativeText', () => {
  it.each([
    ['30 seconds', ago(30_000), 'zojuist'],
    ['a clock running ahead', ago(-5 * MIN), 'zojuist'],
    ['1 minute', ago(MIN), '1 minuut geleden'],
    ['59 minutes', ago(59 * MIN), '59 minuten geleden'],
    ['1 hour, same day', ago(60 * MIN), '1 uur geleden'],
    ['this morning', local(2024, 6, 12, 8, 0), '7 uur geleden'],
    ['yesterday evening, less than a day ago', local(2024, 6, 11, 23, 0), 'gisteren'],
    ['3 calendar days', local(2024, 6, 9), '3 dagen geleden'],
    ['13 days', local(2024, 5, 30), '13 dagen geleden'],
    ['3 weeks', local(2024, 5, 22), '3 weken geleden'],
    ['4 months', local(2024, 2, 1), '4 maanden geleden'],
    ['2 years', local(2022, 5, 1), '2 jaar geleden'],
  ])('%s', (_name, when, want) => {
    expect(relativeText(when, now)).toBe(want);
  });

  it('is empty for no time or an unreadable one', () => {
    expect(relativeText('', now)).toBe('');
    expect(relativeText('gisteren', now)).toBe('');
  });

  it('speaks English', () => {
    locale.set('en');
    expect(relativeText(local(2024, 6, 11, 23, 0), now)).toBe('yesterday');
    expect(relativeText(ago(5 * MIN), now)).toBe('5 minutes ago');
  });
});

describe('dates and counts', () => {
  it('dateText and dateTimeText are dd-mm-jjjj (hh:mm) in local time', () => {
    expect(dateText(local(2024, 3, 4, 9, 5))).toBe('04-03-2024');
    expect(dateTimeText(local(2024, 3, 4, 9, 5))).toBe('04-03-2024 09:05');
    expect(dateText('')).toBe('');
    expect(dateTimeText('x')).toBe('');
  });

  it('countText groups thousands the locale way', () => {
    expect(countText(1234567)).toBe('1.234.567');
    locale.set('en');
    expect(countText(1234567)).toBe('1,234,567');
  });
});

describe('scopeLines', () => {
  it('admins and users with every department: Alle afdelingen; a manager: the paths', () => {
    expect(scopeLines(PETRA)).toEqual(['Alle afdelingen']);
    expect(scopeLines(NOOR)).toEqual(['Alle afdelingen']);
    expect(scopeLines(JORIS)).toEqual(['Bakkerij De Korenaar / Utrecht / Magazijn', 'Bakkerij De Korenaar / Zeist']);
    expect(scopeLines(row({ id: 'x', name: 'X Y', role: 'manager', allDepartments: false }))).toEqual(['Geen afdelingen']);
  });

  it('a manager whose departments have departments below them: the grant covers those, and the list says how many', () => {
    expect(scopeLines({ ...JORIS, below: 3 })).toEqual([
      'Bakkerij De Korenaar / Utrecht / Magazijn',
      'Bakkerij De Korenaar / Zeist',
      'en 3 afdelingen daaronder',
    ]);
    expect(scopeLines({ ...JORIS, below: 1 }).at(-1)).toBe('en 1 afdeling daaronder');
  });
});

describe('a privacy officer in the user list', () => {
  it('holds no department: the scope says the audit log only', () => {
    locale.set('nl');
    const u = row({ id: 'u-fenna', name: 'Fenna Gerritsen', role: 'privacy', allDepartments: false });
    expect(scopeLines(u)).toEqual(['Alleen het logboek']);
    expect(roleText('privacy')).toBe('Functionaris gegevensbescherming');
  });
});
