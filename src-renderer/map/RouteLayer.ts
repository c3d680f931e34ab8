import type { Waypoint } from '../../src-shared/model';
import type { TelemetryBuffer } from '../state/telemetryBuffer';
import { CanvasOverlay, type CanvasView } from './CanvasOverlay';
import type { MapPalette } from './mapPalette';
import { mercatorX, mercatorY } from './mercator';
import { PANES } from './panes';

export interface RouteToDraw {
  /** TelemetryBuffer slot of the drone, for its live position; undefined when unknown. */
  slot: number | undefined;
  color: string;
  waypoints: readonly Waypoint[];
}

const DONE_RADIUS_PX = 2.5;
const NEXT_RADIUS_PX = 3.5;
const CURRENT_RADIUS_PX = 6;
/** From this zoom on, every waypoint carries its number; below it only the current one does. */
const ALL_LABELS_FROM_ZOOM = 8;

/**
 * The selected drone's route: waypoints already reached (seq < currentWaypoint) dim on a dashed
 * line, the one it is flying to (seq === currentWaypoint) ringed and numbered, the rest in the
 * convoy's colour on a solid line that starts at the drone. Numbers are 1-based (1..25), as an
 * operator counts them.
 */
export class RouteLayer extends CanvasOverlay {
  private route: RouteToDraw | null = null;
  /** Waypoints in Web Mercator, by position in `route.waypoints`. */
  private x = new Float64Array(0);
  private y = new Float64Array(0);
  private current = 0;
  private unsubscribeTelemetry: (() => void) | null = null;

  constructor(
    private readonly telemetry: TelemetryBuffer,
    private palette: MapPalette,
  ) {
    super(PANES.route.name);
  }

  setRoute(route: RouteToDraw | null, currentWaypoint: number): void {
    const waypoints = route ? [...route.waypoints].sort((a, b) => a.seq - b.seq) : [];
    this.route = route ? { ...route, waypoints } : null;
    this.x = Float64Array.from(waypoints, (w) => mercatorX(w.lon));
    this.y = Float64Array.from(waypoints, (w) => mercatorY(w.lat));
    this.current = currentWaypoint;
    this.schedule();
  }

  setCurrentWaypoint(currentWaypoint: number): void {
    if (currentWaypoint === this.current) return;
    this.current = currentWaypoint;
    this.schedule();
  }

  setPalette(palette: MapPalette): void {
    this.palette = palette;
    this.schedule();
  }

  protected override added(): void {
    // The leg from the drone to its current waypoint moves with the drone.
    this.unsubscribeTelemetry = this.telemetry.subscribe(() => {
      if (this.route?.slot !== undefined) this.schedule();
    });
  }

  protected override removed(): void {
    this.unsubscribeTelemetry?.();
    this.unsubscribeTelemetry = null;
  }

  protected override hasContent(): boolean {
    return (this.route?.waypoints.length ?? 0) > 0;
  }

  protected override draw(view: CanvasView): void {
    const route = this.route;
    if (!route) return;
    const { ctx, scale, offsetX, offsetY, zoom } = view;
    const palette = this.palette;
    const n = route.waypoints.length;
    const px = (i: number): number => (this.x[i] ?? 0) * scale - offsetX;
    const py = (i: number): number => (this.y[i] ?? 0) * scale - offsetY;
    // The waypoint flown to, as a position in the sorted list.
    let current = route.waypoints.findIndex((w) => w.seq >= this.current);
    if (current === -1) current = n;

    const t = this.telemetry;
    const slot = route.slot;
    const drone =
      slot !== undefined && slot < t.size && t.known[slot] === 1
        ? {
            x: mercatorX(t.lon[slot] ?? 0) * scale - offsetX,
            y: mercatorY(t.lat[slot] ?? 0) * scale - offsetY,
          }
        : null;

    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';

    // Done: the dashed line through reached waypoints, up to the drone.
    if (current > 0) {
      ctx.beginPath();
      ctx.moveTo(px(0), py(0));
      for (let i = 1; i < current; i++) ctx.lineTo(px(i), py(i));
      if (drone) ctx.lineTo(drone.x, drone.y);
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = palette.routeDone;
      ctx.stroke();
      ctx.setLineDash([]);
    }

    // Ahead: from the drone through the remaining waypoints, over a dark casing for contrast.
    if (current < n) {
      ctx.beginPath();
      if (drone) {
        ctx.moveTo(drone.x, drone.y);
        ctx.lineTo(px(current), py(current));
      } else {
        ctx.moveTo(px(current), py(current));
      }
      for (let i = current + 1; i < n; i++) ctx.lineTo(px(i), py(i));
      ctx.lineWidth = 4;
      ctx.strokeStyle = palette.halo;
      ctx.stroke();
      ctx.lineWidth = 2;
      ctx.strokeStyle = route.color;
      ctx.stroke();
    }

    // Markers: done dim, next ones in the convoy colour, then the current one on top.
    ctx.beginPath();
    for (let i = 0; i < Math.min(current, n); i++) {
      ctx.moveTo(px(i) + DONE_RADIUS_PX, py(i));
      ctx.arc(px(i), py(i), DONE_RADIUS_PX, 0, 2 * Math.PI);
    }
    ctx.fillStyle = palette.routeDone;
    ctx.fill();

    ctx.beginPath();
    for (let i = current + 1; i < n; i++) {
      ctx.moveTo(px(i) + NEXT_RADIUS_PX, py(i));
      ctx.arc(px(i), py(i), NEXT_RADIUS_PX, 0, 2 * Math.PI);
    }
    ctx.fillStyle = palette.halo;
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = route.color;
    ctx.stroke();

    if (current < n) {
      ctx.beginPath();
      ctx.arc(px(current), py(current), CURRENT_RADIUS_PX, 0, 2 * Math.PI);
      ctx.fillStyle = palette.halo;
      ctx.fill();
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = palette.routeCurrent;
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(px(current), py(current), 2, 0, 2 * Math.PI);
      ctx.fillStyle = palette.routeCurrent;
      ctx.fill();
    }

    // Numbers.
    ctx.font = `600 10px ${palette.font}`;
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3;
    ctx.strokeStyle = palette.halo;
    for (let i = 0; i < n; i++) {
      const isCurrent = i === current;
      if (!isCurrent && zoom < ALL_LABELS_FROM_ZOOM) continue;
      const text = String((route.waypoints[i]?.seq ?? i) + 1);
      const x = px(i) + (isCurrent ? CURRENT_RADIUS_PX + 3 : NEXT_RADIUS_PX + 3);
      const y = py(i) - (isCurrent ? 8 : 6);
      ctx.strokeText(text, x, y);
      ctx.fillStyle = isCurrent
        ? palette.routeCurrent
        : i < current
          ? palette.routeDone
          : route.color;
      ctx.fillText(text, x, y);
    }
  }
}
