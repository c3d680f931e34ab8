import { cycleDrone } from './cycleDrone';
import type { Shortcut } from './types';

export const actionNextDrone: Shortcut = {
  id: 'nextDrone',
  label: 'Next drone of the convoy',
  group: 'Selection',
  keys: [']', 'j'],
  run: ({ store }) => cycleDrone(store, 1),
};
