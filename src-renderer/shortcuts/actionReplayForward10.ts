import { isReplaying, replayControls } from '../state/replayState';
import type { Shortcut } from './types';

export const actionReplayForward10: Shortcut = {
  id: 'replayForward10',
  label: 'Forward ten seconds of mission time',
  group: 'Replay',
  keys: ['shift+arrowright'],
  enabled: isReplaying,
  run: () => replayControls.step(10_000),
};
