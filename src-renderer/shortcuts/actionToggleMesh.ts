import { toggleLayer } from '../state/mapSettings';
import type { Shortcut } from './types';

export const actionToggleMesh: Shortcut = {
  id: 'toggleMesh',
  label: 'Show or hide mesh links',
  group: 'Map',
  keys: ['m'],
  run: () => toggleLayer('mesh'),
};
