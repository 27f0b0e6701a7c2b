import type { AbsenceView, CareQuestion, DossierView, HistoryLine } from '../../lib/api';
import { t } from '../../lib/i18n';
import { isoToDisplay } from '../people/dates';

const pad = (n: number) => String(n).padStart(2, '0');

/** An RFC 3339 moment as local 'dd-mm-jjjj' (the history and the status show the day). */
export function dayOf(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()}`;
}

/** An RFC 3339 moment as local 'dd-mm-jjjj uu:mm'. */
export function momentOf(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return `${dayOf(at)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The care question's name as a choice ('Ziekmelding'). */
export function careName(q: CareQuestion): string {
  return t(`sharing.care.${q}`);
}

/** The care question inside a sentence ('gedeeld voor ziekmelding'). */
export function careInSentence(q: CareQuestion | ''): string {
  return q === '' ? t('sharing.careIn.unknown') : t(`sharing.careIn.${q}`);
}

/** The status line: 'Gedeeld voor ziekmelding sinds 20-11-2026' or 'Niet gedeeld'. */
export function statusText(d: DossierView): string {
  if (!d.shared || !d.share) return t('sharing.status.unshared');
  const care = careInSentence(d.share.careQuestion);
  const since = dayOf(d.share.since);
  return d.share.until
    ? t('sharing.status.sharedUntil', { care, since, until: isoToDisplay(d.share.until) })
    : t('sharing.status.shared', { care, since });
}

/** 'Ziek sinds 20-11-2026 · week 1 · volgende stap: Ziekmelding bij de arbodienst (uiterlijk week 1)'. */
export function absenceText(a: AbsenceView): string {
  const parts = [t('sharing.absence.line', { since: isoToDisplay(a.firstSickDay), week: a.week })];
  if (a.percentage > 0 && a.percentage < 100) parts.push(t('sharing.absence.percentage', { percentage: a.percentage }));
  if (a.nextMilestone) {
    parts.push(t('sharing.absence.next', { step: t(`sharing.milestone.${a.nextMilestone}`), week: a.milestoneWeek }));
  }
  return parts.join(' · ');
}

/** The history line's heading: what happened, when and by whom. */
export function historyText(h: HistoryLine): string {
  const at = momentOf(h.at);
  const by = h.by.trim() || t('sharing.history.unknownUser');
  return t(`sharing.history.${h.kind}`, { at, by, care: careInSentence(h.careQuestion) });
}

/** Today as dd-mm-jjjj, the default first sick day. */
export function todayDisplay(now: Date = new Date()): string {
  return `${pad(now.getDate())}-${pad(now.getMonth() + 1)}-${now.getFullYear()}`;
}
