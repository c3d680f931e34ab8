import { cycleDrone } from './cycleDrone';
import type { Shortcut } from './types';

export const actionPreviousDrone: Shortcut = {
  id: 'previousDrone',
  label: 'Previous drone of the convoy',
  group: 'Selection',
  keys: ['[', 'k'],
  run: ({ store }) => cycleDrone(store, -1),
};
