import type { Shortcut } from './types';

export const actionClearSelection: Shortcut = {
  id: 'clearSelection',
  label: 'Clear the selection (or close this help)',
  group: 'Selection',
  keys: ['Escape'],
  overOverlay: true,
  run: ({ store }) => {
    const state = store.getState();
    // Escape backs out of one thing at a time: the overlay first.
    if (state.helpOpen) state.setHelpOpen(false);
    else state.selectDrone(null);
  },
};
