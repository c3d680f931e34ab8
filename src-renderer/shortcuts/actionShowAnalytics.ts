import type { Shortcut } from './types';

export const actionShowAnalytics: Shortcut = {
  id: 'showAnalytics',
  label: 'Show analytics (reports and CSV)',
  group: 'View',
  keys: ['y'],
  run: ({ store }) => store.getState().setDockTab('analytics'),
};
