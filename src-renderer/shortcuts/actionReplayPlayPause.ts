import { isReplaying, replayControls } from '../state/replayState';
import type { Shortcut } from './types';

export const actionReplayPlayPause: Shortcut = {
  id: 'replayPlayPause',
  label: 'Play or pause the replay',
  group: 'Replay',
  keys: ['space'],
  enabled: isReplaying,
  run: () => replayControls.togglePlay(),
};
