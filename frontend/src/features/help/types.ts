import type { Role } from '../../lib/api';
import type { MessageKey } from '../../lib/i18n';
import type { Page } from '../../lib/state/app.svelte';
import type { BeheerTab } from '../shell/beheer-tab';

/**
 * Where a step happens: a page of the unlocked window (and, on Beheer, a tab), or a screen of the
 * locked window (the unlock form or "Toegang aanvragen").
 */
export type HelpPlace = { page: Page; tab?: BeheerTab } | { locked: 'unlock' | 'request' };

/**
 * What must be true on that screen for the target to show (an employee chosen, a request waiting,
 * no arbo service linked yet, an https address typed). The walkthrough does not set it up: the step's text says so, and a
 * missing target is reported. The target tests render each situation.
 */
export type HelpSituation = 'employee-unshared' | 'employee-shared' | 'request-waiting' | 'arbo-unlinked' | 'arbo-https';

/** What the walkthrough says when a situation's control is missing. */
export const SITUATION_HINTS = {
  'employee-unshared': 'help.when.employeeUnshared',
  'employee-shared': 'help.when.employeeShared',
  'request-waiting': 'help.when.requestWaiting',
  'arbo-unlinked': 'help.when.arboUnlinked',
  'arbo-https': 'help.when.arboHttps',
} as const satisfies Record<HelpSituation, MessageKey>;

/** One step: where to go, which control to point at (its data-help attribute) and what to say. */
export type HelpStep = {
  place: HelpPlace;
  /** The value of the data-help attribute on the real control. */
  target: string;
  when?: HelpSituation;
  text: MessageKey;
};

/** Who may do the task: roles of the unlocked window, or anyone at the locked window. */
export type HelpAudience = { roles: readonly Role[] } | { locked: true };

export type HelpTaskId = 'import' | 'request' | 'approve' | 'share' | 'sick' | 'revoke' | 'backup' | 'arbo';

/** A "Help mij" task: its title and summary in the list, who may do it, and its steps. */
export type HelpTask = {
  id: HelpTaskId;
  title: MessageKey;
  summary: MessageKey;
  audience: HelpAudience;
  steps: readonly HelpStep[];
};
