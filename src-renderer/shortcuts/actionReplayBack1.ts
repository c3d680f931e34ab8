import { isReplaying, replayControls } from '../state/replayState';
import type { Shortcut } from './types';

export const actionReplayBack1: Shortcut = {
  id: 'replayBack1',
  label: 'Back one second of mission time',
  group: 'Replay',
  keys: ['arrowleft'],
  enabled: isReplaying,
  run: () => replayControls.step(-1_000),
};
