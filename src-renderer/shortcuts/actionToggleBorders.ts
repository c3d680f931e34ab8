import { toggleLayer } from '../state/mapSettings';
import type { Shortcut } from './types';

export const actionToggleBorders: Shortcut = {
  id: 'toggleBorders',
  label: 'Show or hide country borders',
  group: 'Map',
  keys: ['b'],
  run: () => toggleLayer('borders'),
};
