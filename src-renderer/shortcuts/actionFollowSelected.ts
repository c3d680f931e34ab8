import { toggleFollow } from '../state/mapSettings';
import type { Shortcut } from './types';

export const actionFollowSelected: Shortcut = {
  id: 'followSelected',
  label: 'Follow the selected drone on the map',
  group: 'Map',
  keys: ['f'],
  run: () => toggleFollow(),
};
