import { requestFitToConvoy } from '../state/mapSettings';
import type { Shortcut } from './types';

export const actionFitToConvoy: Shortcut = {
  id: 'fitToConvoy',
  label: 'Fit the map to the selected convoy',
  group: 'Map',
  keys: ['c'],
  run: () => requestFitToConvoy(),
};
