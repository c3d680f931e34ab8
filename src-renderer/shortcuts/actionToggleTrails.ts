import { toggleLayer } from '../state/mapSettings';
import type { Shortcut } from './types';

export const actionToggleTrails: Shortcut = {
  id: 'toggleTrails',
  label: 'Show or hide drone trails',
  group: 'Map',
  keys: ['t'],
  run: () => toggleLayer('trails'),
};
