import type { Shortcut } from './types';

export const actionShowMissions: Shortcut = {
  id: 'showMissions',
  label: 'Show missions (replay and export)',
  group: 'View',
  keys: ['o'],
  run: ({ store }) => store.getState().setDockTab('missions'),
};
