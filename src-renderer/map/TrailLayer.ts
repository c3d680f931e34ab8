import type { TelemetryBuffer } from '../state/telemetryBuffer';
import { CanvasOverlay, type CanvasView } from './CanvasOverlay';
import { MapRoster } from './mapRoster';
import type { MapPalette } from './mapPalette';
import { mercatorX, mercatorY } from './mercator';
import { PANES } from './panes';
import { TrailRecorder } from './TrailRecorder';

/** Points closer than this to the previous one drawn are skipped: zoomed out, a trail is a dash. */
const MIN_STEP_PX = 2;
const TRAIL_ALPHA = 0.55;
/**
 * One device pixel: a software rasterizer draws lines this thin as hairlines, about ten times
 * faster than a wider stroke, and 2,000 trails are tens of thousands of segments.
 */
const TRAIL_WIDTH = 1;

/**
 * Every drone's recent track on one canvas, one path per convoy colour, ending at the drone's
 * current position; the selected drone's track drawn again, brighter and wider. Trails outside the view are
 * culled by their bounds; points closer than MIN_STEP_PX are merged, so the cost at low zoom
 * follows the pixels, not the points.
 */
export class TrailLayer extends CanvasOverlay {
  private roster = MapRoster.EMPTY;
  private selectedSlot: number | undefined;
  private unsubscribes: (() => void)[] = [];

  constructor(
    private readonly telemetry: TelemetryBuffer,
    private readonly recorder: TrailRecorder,
    private palette: MapPalette,
  ) {
    super(PANES.trails.name);
  }

  setRoster(roster: MapRoster): void {
    this.roster = roster;
    this.schedule();
  }

  setPalette(palette: MapPalette): void {
    this.palette = palette;
    this.schedule();
  }

  setSelectedSlot(slot: number | undefined): void {
    this.selectedSlot = slot;
    this.schedule();
  }

  protected override added(): void {
    // Telemetry moves each trail's last segment (to the drone); the recorder adds points.
    this.unsubscribes = [
      this.telemetry.subscribe(this.schedule),
      this.recorder.subscribe(this.schedule),
    ];
  }

  protected override removed(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.unsubscribes = [];
  }

  protected override draw(view: CanvasView): void {
    const { ctx } = view;
    const roster = this.roster;
    ctx.lineWidth = TRAIL_WIDTH / view.ratio;
    ctx.globalAlpha = TRAIL_ALPHA;
    for (let c = 0; c < roster.colors.length; c++) {
      const from = roster.colorStarts[c] ?? 0;
      const to = roster.colorStarts[c + 1] ?? 0;
      if (from === to) continue;
      ctx.beginPath();
      let any = false;
      for (let k = from; k < to; k++) {
        any = this.traceTrail(view, roster.slotsByColor[k] ?? 0) || any;
      }
      if (!any) continue;
      ctx.strokeStyle = roster.colors[c] ?? '#ffffff';
      ctx.stroke();
    }
    ctx.globalAlpha = 1;

    const selected = this.selectedSlot;
    if (selected !== undefined) {
      ctx.beginPath();
      if (this.traceTrail(view, selected)) {
        ctx.lineWidth = 2;
        ctx.lineJoin = 'round';
        ctx.strokeStyle = this.palette.selection;
        ctx.globalAlpha = 0.85;
        ctx.stroke();
        ctx.globalAlpha = 1;
      }
    }
  }

  /** Adds one drone's trail to the current path; false when there is nothing to draw in view. */
  private traceTrail(view: CanvasView, slot: number): boolean {
    const r = this.recorder;
    const t = this.telemetry;
    if (slot >= r.size || slot >= t.size || t.known[slot] !== 1) return false;
    const n = r.count[slot] ?? 0;
    if (n === 0) return false;
    const { ctx, scale, offsetX, offsetY, width, height } = view;
    const headX = mercatorX(t.lon[slot] ?? 0);
    const headY = mercatorY(t.lat[slot] ?? 0);
    // Cull: the trail's bounds, grown to take in the drone's current position, against the view.
    const left = offsetX / scale;
    const top = offsetY / scale;
    const right = (offsetX + width) / scale;
    const bottom = (offsetY + height) / scale;
    if (Math.max(r.maxX[slot] ?? 0, headX) < left || Math.min(r.minX[slot] ?? 0, headX) > right) {
      return false;
    }
    if (Math.max(r.maxY[slot] ?? 0, headY) < top || Math.min(r.minY[slot] ?? 0, headY) > bottom) {
      return false;
    }

    const capacity = TrailRecorder.CAPACITY;
    const base = slot * capacity;
    const first = r.oldest[slot] ?? 0;
    let at = base + first;
    let lastX = (r.x[at] ?? 0) * scale - offsetX;
    let lastY = (r.y[at] ?? 0) * scale - offsetY;
    ctx.moveTo(lastX, lastY);
    for (let k = 1; k < n; k++) {
      at = base + ((first + k) % capacity);
      const x = (r.x[at] ?? 0) * scale - offsetX;
      const y = (r.y[at] ?? 0) * scale - offsetY;
      if (Math.abs(x - lastX) + Math.abs(y - lastY) < MIN_STEP_PX) continue;
      ctx.lineTo(x, y);
      lastX = x;
      lastY = y;
    }
    ctx.lineTo(headX * scale - offsetX, headY * scale - offsetY);
    return true;
  }
}
