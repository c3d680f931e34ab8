import { describe, expect, it } from 'vitest';
import { assignConvoyColors, convoyColor } from '../../../src-renderer/state/convoyPalette';

describe('convoyPalette', () => {
  it('gives the first convoys distinct fixed colours, then distinct hues', () => {
    const colors = Array.from({ length: 30 }, (_, i) => convoyColor(i));
    expect(new Set(colors).size).toBe(30);
    expect(colors.slice(0, 10).every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
    expect(colors.slice(10).every((c) => /^hsl\(\d+ 70% 65%\)$/.test(c))).toBe(true);
  });

  it('keeps hues in 0..359 however many convoys there are', () => {
    for (const order of [10, 99, 1_000, 123_457]) {
      const hue = Number(/^hsl\((\d+) /.exec(convoyColor(order))?.[1]);
      expect(hue).toBeGreaterThanOrEqual(0);
      expect(hue).toBeLessThan(360);
    }
  });

  it('colours convoys in order of first appearance, once each', () => {
    const colors = assignConvoyColors(['c-b', 'c-a', 'c-b', 'c-c', 'c-a']);
    expect(colors).toEqual({ 'c-b': convoyColor(0), 'c-a': convoyColor(1), 'c-c': convoyColor(2) });
  });

  it('takes any iterable, and nothing gives nothing', () => {
    function* ids(): Generator<string> {
      yield 'x';
      yield 'y';
    }
    expect(assignConvoyColors(ids())).toEqual({ x: convoyColor(0), y: convoyColor(1) });
    expect(assignConvoyColors(new Set<string>())).toEqual({});
  });
});
