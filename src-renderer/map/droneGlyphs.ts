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

  /** Empties the list, making room for `capacity` drones. */
  reset(capacity: number): void {
    this.count = 0;
    if (capacity <= this.slot.length) return;
    this.slot = new Uint32Array(capacity);
    this.x = new Float32Array(capacity);
    this.y = new Float32Array(capacity);
    this.headingDeg = new Float32Array(capacity);
    this.color = new Uint16Array(capacity);
  }

  push(slot: number, x: number, y: number, headingDeg: number, color: number): void {
    const i = this.count++;
    this.slot[i] = slot;
    this.x[i] = x;
    this.y[i] = y;
    this.headingDeg[i] = headingDeg;
    this.color[i] = color;
  }
}

const DEG = Math.PI / 180;
/** Glyph size in CSS pixels: nose ahead of the position, tail behind it, half the tail's width. */
const NOSE = 8;
const TAIL = 4;
const HALF_WIDTH = 4.5;
const OUTLINE = 1.25;

/**
 * Adds one drone's glyph to the current path: a small triangle whose nose points along its
 * heading (0° = north, clockwise), `scale` times the normal size.
 */
export function traceGlyph(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  headingDeg: number,
  scale = 1,
): void {
  const heading = headingDeg * DEG;
  // Screen y grows downwards: "forward" is (sin h, -cos h), "right" is (cos h, sin h).
  const fx = Math.sin(heading) * scale;
  const fy = -Math.cos(heading) * scale;
  ctx.moveTo(x + NOSE * fx, y + NOSE * fy);
  ctx.lineTo(x - TAIL * fx + HALF_WIDTH * fy, y - TAIL * fy - HALF_WIDTH * fx);
  ctx.lineTo(x - TAIL * fx - HALF_WIDTH * fy, y - TAIL * fy + HALF_WIDTH * fx);
  ctx.closePath();
}

/** Headings are drawn in steps of 360° / ROTATIONS: 5°, finer than an 8 px glyph can show. */
const ROTATIONS = 72;
/** Sprite box, CSS pixels: the glyph's nose and its outline, both ways from the centre. */
const GLYPH_BOX = 2 * Math.ceil(NOSE + OUTLINE + 1);
const ALERT_HALO_RADIUS = 15;
const ALERT_RING_RADIUS = 10;
const ALERT_BOX = 2 * (ALERT_HALO_RADIUS + 2);

/**
 * Pre-drawn sprites: each drone glyph per colour and heading step, and the alert marks. Drawing
 * thousands of anti-aliased polygons costs a software rasterizer (Chromium without a GPU) tens
 * of milliseconds a frame once drones spread across the view; copying the same number of small
 * bitmaps costs a few. Sprites are made when first needed, at the screen's pixel ratio, and
 * dropped when the outline colour or the ratio changes.
 */
export class SpriteAtlas {
  private readonly glyphs = new Map<string, (HTMLCanvasElement | undefined)[]>();
  private readonly marks = new Map<string, HTMLCanvasElement>();
  private outline = '';
  private ratio = 0;

  /** Call before each redraw: a change of either drops every sprite. */
  prepare(outline: string, ratio: number): void {
    if (outline === this.outline && ratio === this.ratio) return;
    this.outline = outline;
    this.ratio = ratio;
    this.glyphs.clear();
    this.marks.clear();
  }

  /** Half the glyph sprite's size, in device pixels. */
  get glyphHalf(): number {
    return Math.ceil((GLYPH_BOX * this.ratio) / 2);
  }

  /** Half an alert sprite's size, in device pixels. */
  get alertHalf(): number {
    return Math.ceil((ALERT_BOX * this.ratio) / 2);
  }

  glyph(color: string, headingDeg: number): HTMLCanvasElement {
    let rotations = this.glyphs.get(color);
    if (!rotations) this.glyphs.set(color, (rotations = new Array(ROTATIONS)));
    const step = ((Math.round((headingDeg * ROTATIONS) / 360) % ROTATIONS) + ROTATIONS) % ROTATIONS;
    let sprite = rotations[step];
    if (!sprite) {
      sprite = this.canvas(this.glyphHalf, (ctx, c) => {
        ctx.beginPath();
        traceGlyph(ctx, c, c, (step * 360) / ROTATIONS);
        ctx.lineJoin = 'round';
        // Stroke first, fill over it: only the outline's outer half shows, so drones of one
        // convoy flying close merge into one shape instead of a tangle of dark edges.
        ctx.lineWidth = 2 * OUTLINE;
        ctx.strokeStyle = this.outline;
        ctx.stroke();
        ctx.fillStyle = color;
        ctx.fill();
      });
      rotations[step] = sprite;
    }
    return sprite;
  }

  /** The filled disc under a drone in alert (drawn with a pulsing alpha). */
  alertHalo(color: string): HTMLCanvasElement {
    return this.mark(`halo ${color}`, (ctx, c) => {
      ctx.beginPath();
      ctx.arc(c, c, ALERT_HALO_RADIUS, 0, 2 * Math.PI);
      ctx.fillStyle = color;
      ctx.fill();
    });
  }

  /** The steady ring over a drone in alert. */
  alertRing(color: string): HTMLCanvasElement {
    return this.mark(`ring ${color}`, (ctx, c) => {
      ctx.beginPath();
      ctx.arc(c, c, ALERT_RING_RADIUS, 0, 2 * Math.PI);
      ctx.lineWidth = 1.75;
      ctx.strokeStyle = color;
      ctx.stroke();
    });
  }

  private mark(
    key: string,
    paint: (ctx: CanvasRenderingContext2D, centre: number) => void,
  ): HTMLCanvasElement {
    let sprite = this.marks.get(key);
    if (!sprite) this.marks.set(key, (sprite = this.canvas(this.alertHalf, paint)));
    return sprite;
  }

  /** A square canvas `2 * half` device pixels wide, painted in CSS pixels around its centre. */
  private canvas(
    half: number,
    paint: (ctx: CanvasRenderingContext2D, centre: number) => void,
  ): HTMLCanvasElement {
    const canvas = document.createElement('canvas');
    canvas.width = 2 * half;
    canvas.height = 2 * half;
    const ctx = canvas.getContext('2d');
    if (ctx) {
      ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
      paint(ctx, half / this.ratio);
    }
    return canvas;
  }
}

/**
 * Copies a sprite centred on each CSS-pixel point, at whole device pixels so that the copy is a
 * plain blit, never a resampling. The context's transform must be the identity.
 */
export function blitCentred(
  ctx: CanvasRenderingContext2D,
  sprite: HTMLCanvasElement,
  half: number,
  x: number,
  y: number,
  ratio: number,
): void {
  ctx.drawImage(sprite, Math.round(x * ratio) - half, Math.round(y * ratio) - half);
}

/** Every drone of the list as its glyph sprite, in list order. */
export function drawDroneGlyphs(
  ctx: CanvasRenderingContext2D,
  list: DrawList,
  colors: readonly string[],
  atlas: SpriteAtlas,
  ratio: number,
): void {
  const half = atlas.glyphHalf;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  for (let i = 0; i < list.count; i++) {
    const color = colors[list.color[i] ?? 0] ?? '#ffffff';
    const sprite = atlas.glyph(color, list.headingDeg[i] ?? 0);
    blitCentred(ctx, sprite, half, list.x[i] ?? 0, list.y[i] ?? 0, ratio);
  }
  ctx.restore();
}
