import * as L from 'leaflet';
import { STATUS_CODES } from '../../src-shared/telemetryFrame';
import type { TelemetryBuffer } from '../state/telemetryBuffer';
import { CanvasOverlay, type CanvasView } from './CanvasOverlay';
import { DrawList, SpriteAtlas, blitCentred, drawDroneGlyphs, traceGlyph } from './droneGlyphs';
import type { MapPalette } from './mapPalette';
import { MapRoster } from './mapRoster';
import { mercatorX, mercatorY } from './mercator';
import { PANES } from './panes';

export interface DroneCanvasLayerOptions {
  telemetry: TelemetryBuffer;
  palette: MapPalette;
  /** A click near a drone passes its id; a click on empty map passes null. */
  onSelect(droneId: string | null): void;
  /** After every redraw, with the number of drones it drew (those inside the map's view). */
  onDrawn(count: number): void;
}

/** LOST and LANDED drones are drawn grey: they are out of the fight. */
const INACTIVE_STATUSES = new Set([STATUS_CODES.LOST, STATUS_CODES.LANDED]);

const HIT_RADIUS_PX = 12;
/** Drones this far outside the view are still drawn, so their glyphs do not pop at the edges. */
const CULL_MARGIN_PX = 10;
const SELECTION_RING_PX = 11;
const SELECTION_HALO_PX = 17;
/** One pulse of the alert halo, bright to faint and back, redrawn this often while it pulses. */
const ALERT_PULSE_MS = 1_200;
const ALERT_PULSE_FRAME_MS = 100;

/**
 * Every drone on one <canvas>, instead of a DOM marker each: thousands of markers would make every
 * frame a layout of thousands of elements. The layer reads positions straight from the
 * TelemetryBuffer and redraws at most once per animation frame, whether the trigger is new
 * telemetry, a pan or zoom, or a roster, selection or alert change. Projection assumes Web
 * Mercator, the map's CRS (createTacticalMap.ts).
 *
 * Status styling: convoy colour; grey when LOST or LANDED; a halo, ring and callsign label on the
 * selected drone; a red ring and a pulsing red halo on drones in alert. The pulse is drawn, not
 * animated by the compositor: it rides on the redraws telemetry causes anyway (10 a second), and
 * a second full-size canvas with an opacity animation cost more, in software compositing, than
 * the whole layer's redraws.
 */
export class DroneCanvasLayer extends CanvasOverlay {
  private readonly telemetry: TelemetryBuffer;
  private readonly onSelect: (droneId: string | null) => void;
  private readonly onDrawn: (count: number) => void;
  private readonly drawn = new DrawList();
  private readonly atlas = new SpriteAtlas();
  private palette: MapPalette;
  private pulseTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly reducedMotion =
    window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  private label: HTMLDivElement | null = null;
  private labelText = '';
  private unsubscribeTelemetry: (() => void) | null = null;

  private roster = MapRoster.EMPTY;
  private selectedDroneId: string | null = null;
  private alertDroneIds: ReadonlySet<string> = new Set();
  private alertBySlot = new Uint8Array(0);
  private alertCount = 0;

  constructor(options: DroneCanvasLayerOptions) {
    super(PANES.drones.name);
    this.telemetry = options.telemetry;
    this.palette = options.palette;
    this.onSelect = options.onSelect;
    this.onDrawn = options.onDrawn;
  }

  setRoster(roster: MapRoster): void {
    this.roster = roster;
    this.indexAlerts();
    this.schedule();
  }

  setPalette(palette: MapPalette): void {
    this.palette = palette;
    this.schedule();
  }

  setSelectedDrone(droneId: string | null): void {
    this.selectedDroneId = droneId;
    this.schedule();
  }

  /** The drones in alert (any open alert naming them). */
  setAlertDroneIds(droneIds: ReadonlySet<string>): void {
    this.alertDroneIds = droneIds;
    this.indexAlerts();
    this.schedule();
  }

  protected override added(): void {
    const pane = this.getPane();
    this.label = L.DomUtil.create('div', 'drone-label leaflet-zoom-hide', pane);
    this.label.dataset['testid'] = 'drone-label';
    this.label.hidden = true;
    this.unsubscribeTelemetry = this.telemetry.subscribe(this.schedule);
  }

  protected override removed(): void {
    this.unsubscribeTelemetry?.();
    this.unsubscribeTelemetry = null;
    if (this.pulseTimer !== null) clearTimeout(this.pulseTimer);
    this.pulseTimer = null;
    this.label?.remove();
    this.label = null;
    this.labelText = '';
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    return { ...super.getEvents(), click: this.handleClick };
  }

  private indexAlerts(): void {
    this.alertBySlot = new Uint8Array(this.roster.size);
    this.alertCount = 0;
    for (const droneId of this.alertDroneIds) {
      const slot = this.roster.slotOf(droneId);
      if (slot === undefined) continue;
      this.alertBySlot[slot] = 1;
      this.alertCount++;
    }
  }

  private readonly handleClick = (event: L.LeafletEvent): void => {
    const { x, y } = (event as L.LeafletMouseEvent).containerPoint;
    let best = -1;
    let bestDistance = HIT_RADIUS_PX * HIT_RADIUS_PX;
    for (let i = 0; i < this.drawn.count; i++) {
      const dx = (this.drawn.x[i] ?? 0) - x;
      const dy = (this.drawn.y[i] ?? 0) - y;
      const distance = dx * dx + dy * dy;
      if (distance <= bestDistance) {
        best = i;
        bestDistance = distance;
      }
    }
    const slot = best === -1 ? undefined : this.drawn.slot[best];
    this.onSelect(slot === undefined ? null : (this.roster.entryBySlot[slot]?.droneId ?? null));
  };

  protected override draw(view: CanvasView): void {
    const { ctx, width, height, scale, offsetX, offsetY } = view;
    const t = this.telemetry;
    const roster = this.roster;
    // The roster's colours, then the grey of inactive drones.
    const inactiveColor = roster.colors.length;
    this.drawn.reset(t.size);
    for (let slot = 0; slot < t.size; slot++) {
      if (t.known[slot] !== 1) continue;
      const x = mercatorX(t.lon[slot] ?? 0) * scale - offsetX;
      const y = mercatorY(t.lat[slot] ?? 0) * scale - offsetY;
      if (x < -CULL_MARGIN_PX || y < -CULL_MARGIN_PX) continue;
      if (x > width + CULL_MARGIN_PX || y > height + CULL_MARGIN_PX) continue;
      const inactive = INACTIVE_STATUSES.has(t.status[slot] ?? 0);
      const color = inactive ? inactiveColor : (roster.colorBySlot[slot] ?? 0);
      this.drawn.push(slot, x, y, t.headingDeg[slot] ?? 0, color);
    }

    this.atlas.prepare(this.palette.halo, view.ratio);
    const alerts = this.alertCount > 0 && this.drawAlertMarks(view, 'halo');
    const colors = [...roster.colors, this.palette.inactive];
    drawDroneGlyphs(ctx, this.drawn, colors, this.atlas, view.ratio);
    if (alerts) this.drawAlertMarks(view, 'ring');
    this.drawSelection(view);
    this.onDrawn(this.drawn.count);
  }

  /**
   * The alert marks of the drones in view: the pulsing halo under the glyphs, or the steady ring
   * over them. Returns whether any drone in view is in alert.
   */
  private drawAlertMarks(view: CanvasView, mark: 'halo' | 'ring'): boolean {
    const { ctx, ratio } = view;
    const sprite =
      mark === 'halo'
        ? this.atlas.alertHalo(this.palette.alert)
        : this.atlas.alertRing(this.palette.alert);
    const half = this.atlas.alertHalf;
    let any = false;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (mark === 'halo') {
      const phase = (performance.now() % ALERT_PULSE_MS) / ALERT_PULSE_MS;
      const pulse = this.reducedMotion ? 0.5 : 0.5 - 0.5 * Math.cos(2 * Math.PI * phase);
      // Faint at most: halos of a tight group add up.
      ctx.globalAlpha = 0.08 + 0.3 * pulse;
    }
    for (let i = 0; i < this.drawn.count; i++) {
      if (this.alertBySlot[this.drawn.slot[i] ?? 0] !== 1) continue;
      blitCentred(ctx, sprite, half, this.drawn.x[i] ?? 0, this.drawn.y[i] ?? 0, ratio);
      any = true;
    }
    ctx.restore();
    // Keep the pulse moving when no telemetry redraws the layer: re-armed by every redraw, the
    // timer fires only after ALERT_PULSE_FRAME_MS without one, so the pulse adds no redraws
    // while telemetry flows.
    if (any && mark === 'halo' && !this.reducedMotion) {
      if (this.pulseTimer !== null) clearTimeout(this.pulseTimer);
      this.pulseTimer = setTimeout(() => {
        this.pulseTimer = null;
        this.schedule();
      }, ALERT_PULSE_FRAME_MS);
    }
    return any;
  }

  /** Halo, ring, the glyph again on top, and the callsign label, when the drone is in view. */
  private drawSelection(view: CanvasView): void {
    const label = this.label;
    if (!label) return;
    const slot = this.roster.slotOf(this.selectedDroneId);
    let at = -1;
    if (slot !== undefined) {
      for (let i = 0; i < this.drawn.count; i++) {
        if (this.drawn.slot[i] === slot) {
          at = i;
          break;
        }
      }
    }
    const entry = slot === undefined ? undefined : this.roster.entryBySlot[slot];
    if (at === -1 || !entry) {
      label.hidden = true;
      return;
    }
    const { ctx } = view;
    const x = this.drawn.x[at] ?? 0;
    const y = this.drawn.y[at] ?? 0;
    const palette = this.palette;

    ctx.beginPath();
    ctx.arc(x, y, SELECTION_HALO_PX, 0, 2 * Math.PI);
    ctx.globalAlpha = 0.18;
    ctx.fillStyle = palette.selection;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.beginPath();
    ctx.arc(x, y, SELECTION_RING_PX, 0, 2 * Math.PI);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = palette.selection;
    ctx.stroke();

    // The selected glyph above any neighbour that overlaps it.
    const color = this.drawn.color[at] ?? 0;
    ctx.beginPath();
    traceGlyph(ctx, x, y, this.drawn.headingDeg[at] ?? 0, 1.2);
    ctx.fillStyle =
      color === this.roster.colors.length ? palette.inactive : this.roster.colorOf(slot ?? 0);
    ctx.fill();
    ctx.lineWidth = 1.25;
    ctx.strokeStyle = palette.halo;
    ctx.stroke();

    if (this.labelText !== entry.callsign) {
      this.labelText = entry.callsign;
      label.textContent = entry.callsign;
    }
    label.dataset['droneId'] = entry.droneId;
    L.DomUtil.setPosition(label, view.topLeft.add([x + SELECTION_HALO_PX + 2, y - 9]));
    label.hidden = false;
  }
}
