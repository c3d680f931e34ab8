import type { Shortcut } from './types';

export const actionToggleTheme: Shortcut = {
  id: 'toggleTheme',
  label: 'Switch between the dark and the outdoor theme',
  group: 'View',
  keys: ['shift+t', 'mod+shift+l'],
  overOverlay: true,
  run: ({ store }) => store.getState().toggleTheme(),
};
