import type { AppState } from '../../lib/state/app.svelte';
import type { HelpPlace } from './types';

/** goToPlace shows a step's place with the app's own navigation, as a click would. */
export function goToPlace(app: AppState, place: HelpPlace): void {
  if ('locked' in place) {
    // Only the locked window has these screens; elsewhere the step says its target is missing.
    if (app.status?.state !== 'locked') return;
    if (place.locked === 'request') app.showRequest();
    else app.showUnlock();
    return;
  }
  if (app.status?.state !== 'unlocked') return;
  if (place.tab) app.openBeheerTab(place.tab);
  else app.page = place.page;
}
