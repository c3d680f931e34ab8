import { isReplaying, replayControls } from '../state/replayState';
import type { Shortcut } from './types';

export const actionReplayBack10: Shortcut = {
  id: 'replayBack10',
  label: 'Back ten seconds of mission time',
  group: 'Replay',
  keys: ['shift+arrowleft'],
  enabled: isReplaying,
  run: () => replayControls.step(-10_000),
};
