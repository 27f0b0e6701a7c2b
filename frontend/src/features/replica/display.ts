import { AppError, type ReplicaStatus } from '../../lib/api';
import { errorText, t, tn } from '../../lib/i18n';
import { dateOf, timeOf } from '../sync/display';

/** latest is the later of two RFC 3339 moments ('' when neither). */
export function latest(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * statusLine is the status in plain words: "Gerepliceerd om 12:03 · 2 wachtend", "Nog niet
 * gerepliceerd", or that replication is not set up.
 */
export function statusLine(s: ReplicaStatus, now: Date = new Date()): string {
  if (!s.configured) return t('replica.status.off');
  const at = latest(s.lastPush, s.lastPull);
  let head = t('replica.status.never');
  if (at) {
    const d = new Date(at);
    head = d.toDateString() === now.toDateString() ? t('replica.status.today', { time: timeOf(at) }) : t('replica.status.other', { date: dateOf(at), time: timeOf(at) });
  }
  const parts = [head];
  if (s.pending > 0) parts.push(tn('replica.status.pending', s.pending));
  if (s.refused > 0) parts.push(tn('replica.status.refused', s.refused));
  return parts.join(' · ');
}

/** problemText is the last cycle's error in plain words ('' when there is none). */
export function problemText(s: ReplicaStatus): string {
  if (s.configured && s.removed) return t('replica.status.removed');
  if (!s.configured || !s.lastError) return '';
  return errorText(new AppError(s.lastError, ''));
}
