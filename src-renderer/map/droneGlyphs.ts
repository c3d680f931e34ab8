/** Screen-space drones of one redraw: kept between redraws, for hit-testing clicks. */
export class DrawList {
  count = 0;
  /** TelemetryBuffer slot (= drone index) of each drawn drone. */
  slot = new Uint32Array(0);
  x = new Float32Array(0);
  y = new Float32Array(0);
  headingDeg = new Float32Array(0);
  /** Index into the colour list handed to `drawDroneGlyphs`. */
  color = new Uint16Array(0);
  private order = new Uint32Array(0);

  /** Empties the list, making room for `capacity` drones. */
  reset(capacity: number): void {
    this.count = 0;
    if (capacity <= this.slot.length) return;
    this.slot = new Uint32Array(capacity);
    this.x = new Float32Array(capacity);
    this.y = new Float32Array(capacity);
    this.headingDeg = new Float32Array(capacity);
    this.color = new Uint16Array(capacity);
    this.order = new Uint32Array(capacity);
  }

  push(slot: number, x: number, y: number, headingDeg: number, color: number): void {
    const i = this.count++;
    this.slot[i] = slot;
    this.x[i] = x;
    this.y[i] = y;
    this.headingDeg[i] = headingDeg;
    this.color[i] = color;
  }

  /** Drawn drones grouped by colour (a counting sort), so each colour is one path and one fill. */
  byColor(colorCount: number): { order: Uint32Array; starts: Uint32Array } {
    const starts = new Uint32Array(colorCount + 1);
    for (let i = 0; i < this.count; i++) {
      const c = this.color[i] ?? 0;
      starts[c + 1] = (starts[c + 1] ?? 0) + 1;
    }
    for (let c = 0; c < colorCount; c++) starts[c + 1] = (starts[c + 1] ?? 0) + (starts[c] ?? 0);
    const next = starts.slice(0, colorCount);
    for (let i = 0; i < this.count; i++) {
      const c = this.color[i] ?? 0;
      const at = next[c] ?? 0;
      this.order[at] = i;
      next[c] = at + 1;
    }
    return { order: this.order, starts };
  }
}

const DEG = Math.PI / 180;
/** Glyph size in CSS pixels: nose ahead of the position, tail behind it, half the tail's width. */
const NOSE = 8;
const TAIL = 4;
const HALF_WIDTH = 4.5;

/**
 * Each drone is a small triangle whose nose points along its heading (0° = north, clockwise).
 * One path per colour keeps the canvas calls to a handful however many drones there are.
 */
export function drawDroneGlyphs(
  ctx: CanvasRenderingContext2D,
  list: DrawList,
  colors: readonly string[],
): void {
  const { order, starts } = list.byColor(colors.length);
  ctx.lineWidth = 1;
  ctx.lineJoin = 'round';
  ctx.strokeStyle = 'rgba(4, 8, 12, 0.85)';
  for (let c = 0; c < colors.length; c++) {
    const from = starts[c] ?? 0;
    const to = starts[c + 1] ?? 0;
    if (from === to) continue;
    ctx.beginPath();
    for (let k = from; k < to; k++) {
      const i = order[k] ?? 0;
      const x = list.x[i] ?? 0;
      const y = list.y[i] ?? 0;
      const heading = (list.headingDeg[i] ?? 0) * DEG;
      // Screen y grows downwards: "forward" is (sin h, -cos h), "right" is (cos h, sin h).
      const fx = Math.sin(heading);
      const fy = -Math.cos(heading);
      ctx.moveTo(x + NOSE * fx, y + NOSE * fy);
      ctx.lineTo(x - TAIL * fx + HALF_WIDTH * fy, y - TAIL * fy - HALF_WIDTH * fx);
      ctx.lineTo(x - TAIL * fx - HALF_WIDTH * fy, y - TAIL * fy + HALF_WIDTH * fx);
      ctx.closePath();
    }
    ctx.fillStyle = colors[c] ?? '#ffffff';
    ctx.fill();
    ctx.stroke();
  }
}
