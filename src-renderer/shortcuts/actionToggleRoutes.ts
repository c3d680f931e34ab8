import { toggleLayer } from '../state/mapSettings';
import type { Shortcut } from './types';

export const actionToggleRoutes: Shortcut = {
  id: 'toggleRoutes',
  label: "Show or hide the selected drone's route",
  group: 'Map',
  keys: ['r'],
  run: () => toggleLayer('routes'),
};
