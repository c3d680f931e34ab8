import { isReplaying, replayControls } from '../state/replayState';
import type { Shortcut } from './types';

export const actionReplayForward1: Shortcut = {
  id: 'replayForward1',
  label: 'Forward one second of mission time',
  group: 'Replay',
  keys: ['arrowright'],
  enabled: isReplaying,
  run: () => replayControls.step(1_000),
};
