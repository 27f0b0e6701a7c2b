import type { AppError, ReportLang, ReportSaved } from '../../lib/api';
import { toAppError } from '../../lib/api';
import { locale } from '../../lib/state/locale.svelte';

/**
 * ReportAction is one "save as PDF" button's state: busy while the save dialog and the document
 * run, then the files written or the error. A cancelled dialog leaves no notice.
 */
export class ReportAction {
  busy = $state(false);
  error = $state<AppError | null>(null);
  files = $state<string[]>([]);

  constructor(private readonly save: (lang: ReportLang) => Promise<ReportSaved>) {}

  async run(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    this.files = [];
    try {
      const saved = await this.save(reportLang());
      this.files = saved.files;
    } catch (e) {
      this.error = toAppError(e);
    } finally {
      this.busy = false;
    }
  }
}

/** reportLang is the language the window shows, so the document matches it. */
export function reportLang(): ReportLang {
  return locale.current === 'en' ? 'en' : 'nl';
}

/** The years the statistics offer: this year and the four before it, newest first. */
export function statisticsYears(now: Date): number[] {
  const y = now.getFullYear();
  return [y, y - 1, y - 2, y - 3, y - 4];
}
