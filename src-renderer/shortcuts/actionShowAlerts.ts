import type { Shortcut } from './types';

export const actionShowAlerts: Shortcut = {
  id: 'showAlerts',
  label: 'Show the alerts feed',
  group: 'View',
  keys: ['a'],
  run: ({ store }) => store.getState().setDockTab('alerts'),
};
