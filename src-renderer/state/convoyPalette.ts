/**
 * Colours that stay distinct from each other and readable on the dark map, in the order convoys
 * are first met. Past the palette, hues step by the golden angle so neighbours still differ.
 */
const PALETTE = [
  '#4dd0e1',
  '#ffb74d',
  '#aed581',
  '#f06292',
  '#9575cd',
  '#fff176',
  '#64b5f6',
  '#ff8a65',
  '#4db6ac',
  '#ce93d8',
] as const;

export function convoyColor(order: number): string {
  const fixed = PALETTE[order];
  if (fixed) return fixed;
  const hue = Math.round((order * 137.508) % 360);
  return `hsl(${hue} 70% 65%)`;
}

/** Colour per convoy id, by first appearance in `convoyIds`. */
export function assignConvoyColors(convoyIds: Iterable<string>): Record<string, string> {
  const colors: Record<string, string> = {};
  let order = 0;
  for (const id of convoyIds) {
    if (colors[id] === undefined) colors[id] = convoyColor(order++);
  }
  return colors;
}
