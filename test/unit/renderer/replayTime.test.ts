import { describe, expect, it } from 'vitest';
import { formatReplayClock, parseReplayTime } from '../../../src-renderer/replay/replayTime';

const START = Date.UTC(2026, 5, 1, 22, 30, 0);
const END = Date.UTC(2026, 5, 2, 1, 15, 0);

describe('parseReplayTime: what an operator types into "go to"', () => {
  it('reads a time of day on the mission day, or the next day past midnight', () => {
    expect(parseReplayTime('23:00:05', START, END)).toBe(Date.UTC(2026, 5, 1, 23, 0, 5));
    expect(parseReplayTime('00:45:00', START, END)).toBe(Date.UTC(2026, 5, 2, 0, 45, 0));
    expect(parseReplayTime(' 22:30:00.5 ', START, END)).toBe(START + 500);
  });

  it('reads a full UTC date and time, with or without Z', () => {
    expect(parseReplayTime('2026-06-02 01:00:00', START, END)).toBe(Date.UTC(2026, 5, 2, 1));
    expect(parseReplayTime('2026-06-02T01:00:00Z', START, END)).toBe(Date.UTC(2026, 5, 2, 1));
  });

  it('reads an offset from the start', () => {
    expect(parseReplayTime('+12:30', START, END)).toBe(START + 750_000);
    expect(parseReplayTime('+1:02:03', START, END)).toBe(START + 3_723_000);
  });

  it('refuses what is none of these', () => {
    for (const text of [
      '',
      'noon',
      '25:00:00',
      '12:60:00',
      '+1:60:00',
      '2026-02-30 00:00:00',
      '12:00',
    ]) {
      expect(parseReplayTime(text, START, END), text).toBeNull();
    }
  });

  it('formats the clock to a tenth of a second, in UTC', () => {
    expect(formatReplayClock(START + 1_234)).toBe('2026-06-01 22:30:01.2Z');
  });
});
