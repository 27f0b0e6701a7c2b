import type { SyncStatus } from '../../lib/api';
import { t } from '../../lib/i18n';
import { locale } from '../../lib/state/locale.svelte';

const TAGS = { nl: 'nl-NL', en: 'en-GB' } as const;

function parse(at: string): Date | null {
  if (!at) return null;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** dateOf is an RFC 3339 moment's local day the locale's way: '3 december 2026'. */
export function dateOf(at: string): string {
  const d = parse(at);
  return d ? d.toLocaleDateString(TAGS[locale.current], { dateStyle: 'long' }) : at;
}

/** timeOf is an RFC 3339 moment's local time: '14:05'. */
export function timeOf(at: string): string {
  const d = parse(at);
  return d ? d.toLocaleTimeString(TAGS[locale.current], { hour: '2-digit', minute: '2-digit', hour12: false }) : '';
}

/** momentText: 'om 14:05' today, else 'op 3 december 2026 om 14:05'. */
export function momentText(at: string, now: Date = new Date()): string {
  const d = parse(at);
  if (!d) return at;
  const today = d.toDateString() === now.toDateString();
  return today ? t('sync.moment.today', { time: timeOf(at) }) : t('sync.moment.other', { date: dateOf(at), time: timeOf(at) });
}

/** The name to say the arbo service by: the linked one's, else 'de arbodienst'. */
export function serviceLabel(status: SyncStatus | null): string {
  const name = status?.linked ? status.serviceName.trim() : '';
  return name || t('sync.share.defaultService');
}

export type SyncTone = 'ok' | 'pending' | 'stale' | 'none';

/** The status dot's tone: grey without a service, red when stale, amber while messages wait. */
export function syncTone(s: SyncStatus): SyncTone {
  if (!s.linked) return 'none';
  if (s.stale) return 'stale';
  if (s.pending > 0) return 'pending';
  return 'ok';
}

/** The dot's words: the status never depends on colour alone. */
export function syncToneText(s: SyncStatus): string {
  switch (syncTone(s)) {
    case 'none':
      return t('sync.dot.notLinked');
    case 'stale':
      return s.lastSuccess ? t('sync.dot.stale', { date: dateOf(s.lastSuccess), time: timeOf(s.lastSuccess) }) : t('sync.dot.staleNever');
    case 'pending':
      return t('sync.dot.pending');
    case 'ok':
      return t('sync.dot.ok');
  }
}
