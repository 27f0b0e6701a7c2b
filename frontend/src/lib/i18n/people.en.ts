import type { peopleNl } from './people.nl';

// English texts of the people screens, typed against people.nl.ts.
export const peopleEn: Record<keyof typeof peopleNl, string> = {
  'people.toolbar': 'Filters and sorting',
  'people.status.label': 'Employment',
  'people.status.all': 'All',
  'people.status.active': 'Current',
  'people.status.ended': 'Former',
  'people.share.label': 'Share status',
  'people.share.all': 'All',
  'people.share.shared': 'Shared',
  'people.share.unshared': 'Not shared',
  'people.sort.label': 'Sort by',
  'people.sort.persnr': 'Personnel number',
  'people.sort.name': 'Name',
  'people.collapseAll': 'Collapse all',
};
