import { toggleLayer } from '../state/mapSettings';
import type { Shortcut } from './types';

export const actionToggleGrid: Shortcut = {
  id: 'toggleGrid',
  label: 'Show or hide the grid',
  group: 'Map',
  keys: ['g'],
  run: () => toggleLayer('graticule'),
};
