import type { recentNl } from './recent.nl';

export const recentEn: Record<keyof typeof recentNl, string> = {
  'recent.title': 'Recently visited',
  'recent.listLabel': 'Recently visited employees',
  'recent.open': 'Open {name}',
  'recent.ended': 'left',
  'recent.error': 'The recently visited employees could not be loaded.',
};
