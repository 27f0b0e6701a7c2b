import { t } from '../../lib/i18n';
import type { MessageKey } from '../../lib/i18n';
import type { UserRole, UserRow } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';

/** Texts and dates of the Autorisaties screen, built from the backend's codes and RFC 3339 times. */

const pad = (n: number) => String(n).padStart(2, '0');

function parse(rfc3339: string): Date | null {
  if (rfc3339 === '') return null;
  const d = new Date(rfc3339);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** dateText is dd-mm-jjjj in local time; '' for an empty or unreadable time. */
export function dateText(rfc3339: string): string {
  const d = parse(rfc3339);
  return d ? `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()}` : '';
}

/** dateTimeText is dd-mm-jjjj hh:mm in local time; '' for an empty or unreadable time. */
export function dateTimeText(rfc3339: string): string {
  const d = parse(rfc3339);
  return d ? `${dateText(rfc3339)} ${pad(d.getHours())}:${pad(d.getMinutes())}` : '';
}

/** countText writes a whole number the locale's way: 12.000 (nl) or 12,000 (en). */
export function countText(n: number): string {
  return String(Math.max(0, Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, locale.current === 'nl' ? '.' : ',');
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * relativeText says how long ago a time was: 'zojuist', '5 minuten geleden', 'gisteren',
 * '3 weken geleden'. Calendar days decide 'gisteren' and 'n dagen'; a time in the future (a clock
 * running ahead) reads as 'zojuist'. '' for an empty or unreadable time.
 */
export function relativeText(rfc3339: string, now: Date = new Date()): string {
  const d = parse(rfc3339);
  if (!d) return '';
  const ms = now.getTime() - d.getTime();
  if (ms < MINUTE) return t('admin.time.justNow');
  if (ms < HOUR) {
    const n = Math.floor(ms / MINUTE);
    return n === 1 ? t('admin.time.minute') : t('admin.time.minutes', { n });
  }
  const startOf = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(d)) / DAY);
  if (days === 0) {
    const n = Math.floor(ms / HOUR);
    return n === 1 ? t('admin.time.hour') : t('admin.time.hours', { n });
  }
  if (days === 1) return t('admin.time.yesterday');
  if (days < 14) return t('admin.time.days', { n: days });
  if (days < 60) return t('admin.time.weeks', { n: Math.floor(days / 7) });
  const months = (now.getFullYear() - d.getFullYear()) * 12 + now.getMonth() - d.getMonth();
  if (months < 24) return t('admin.time.months', { n: Math.max(2, months) });
  return t('admin.time.years', { n: Math.floor(months / 12) });
}

const ROLE_KEYS: Record<UserRole, MessageKey> = {
  admin: 'role.admin',
  user: 'role.user',
  manager: 'role.manager',
  privacy: 'role.privacy',
};

export function roleText(role: UserRole): string {
  return t(ROLE_KEYS[role]);
}

/**
 * scopeLines is what the user's keys open: 'Alle afdelingen' for admins and users with every
 * department, else each department's path and how many departments below them the grant covers.
 */
export function scopeLines(u: UserRow): string[] {
  if (u.role === 'admin' || u.allDepartments) return [t('admin.users.allDepartments')];
  if (u.role === 'privacy') return [t('admin.users.logbookOnly')];
  if (u.departments.length === 0) return [t('admin.users.noDepartments')];
  const lines = u.departments.map((d) => d.path);
  if (u.below === 1) lines.push(t('admin.users.belowOne'));
  else if (u.below > 1) lines.push(t('admin.users.below', { count: u.below }));
  return lines;
}
