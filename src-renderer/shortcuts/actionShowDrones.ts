import type { Shortcut } from './types';

export const actionShowDrones: Shortcut = {
  id: 'showDrones',
  label: 'Show the drone table',
  group: 'View',
  keys: ['d'],
  run: ({ store }) => store.getState().setDockTab('drones'),
};
