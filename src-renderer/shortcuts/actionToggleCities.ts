import { toggleLayer } from '../state/mapSettings';
import type { Shortcut } from './types';

export const actionToggleCities: Shortcut = {
  id: 'toggleCities',
  label: 'Show or hide city names',
  group: 'Map',
  keys: ['n'],
  run: () => toggleLayer('cities'),
};
