import type { Shortcut } from './types';

export const actionShowSystem: Shortcut = {
  id: 'showSystem',
  label: 'Show connections and the cache',
  group: 'View',
  keys: ['s'],
  run: ({ store }) => store.getState().setDockTab('system'),
};
