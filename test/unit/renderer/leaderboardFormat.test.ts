import { describe, expect, it } from 'vitest';
import {
  formatAccuracy,
  formatRankChange,
  rankChangeClass,
} from '../../../src-renderer/panels/Leaderboard/format';

describe('panels/Leaderboard/format', () => {
  it('formatAccuracy keeps one decimal, the precision the board ranks on', () => {
    expect(formatAccuracy(87.26)).toBe('87.3');
    expect(formatAccuracy(100)).toBe('100.0');
    expect(formatAccuracy(0)).toBe('0.0');
  });

  it('formatRankChange: up is positive, down negative, no change a dash', () => {
    expect(formatRankChange(3)).toBe('▲3');
    expect(formatRankChange(-2)).toBe('▼2');
    expect(formatRankChange(0)).toBe('–');
  });

  it('rankChangeClass adds the direction modifier', () => {
    expect(rankChangeClass(1)).toBe('rank-change rank-change--up');
    expect(rankChangeClass(-7)).toBe('rank-change rank-change--down');
    expect(rankChangeClass(0)).toBe('rank-change');
  });
});
