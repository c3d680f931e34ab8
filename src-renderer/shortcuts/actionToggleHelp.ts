import type { Shortcut } from './types';

export const actionToggleHelp: Shortcut = {
  id: 'toggleHelp',
  label: 'Show or hide this list of shortcuts',
  group: 'View',
  keys: ['?'],
  overOverlay: true,
  run: ({ store }) => {
    const state = store.getState();
    state.setHelpOpen(!state.helpOpen);
  },
};
