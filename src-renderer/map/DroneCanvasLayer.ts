import * as L from 'leaflet';
import type { DroneIndex } from '../../src-shared/contract';
import { STATUS_CODES } from '../../src-shared/telemetryFrame';
import type { DroneIndexEntry } from '../state/gcsStore';
import type { TelemetryBuffer } from '../state/telemetryBuffer';
import { createFrameScheduler } from '../util/frameScheduler';
import { DrawList, drawDroneGlyphs } from './droneGlyphs';
import { mercatorX, mercatorY } from './mercator';

export interface DroneCanvasLayerOptions {
  telemetry: TelemetryBuffer;
  /** A click near a drone passes its id; a click on empty map passes null. */
  onSelect(droneId: string | null): void;
  /** After every redraw, with the number of drones it drew (those inside the map's view). */
  onDrawn(count: number): void;
}

/** Colour list slots: LOST and LANDED drones are greyed; a drone not yet in the index is neutral. */
const INACTIVE_SLOT = 0;
const UNKNOWN_SLOT = 1;
const BASE_COLORS = ['#5d6873', '#a7b8c9'];
const INACTIVE_STATUSES = new Set([STATUS_CODES.LOST, STATUS_CODES.LANDED]);

const HIT_RADIUS_PX = 12;
/** Drones this far outside the view are still drawn, so their glyphs do not pop at the edges. */
const CULL_MARGIN_PX = 10;
const SELECTION_RING_PX = 11;

/**
 * Every drone on one <canvas> in the overlay pane, instead of a DOM marker each: thousands of
 * markers would make every frame a layout of thousands of elements. The layer reads positions
 * straight from the TelemetryBuffer and redraws at most once per animation frame, whether the
 * trigger is new telemetry, a pan or zoom, or a roster or selection change. Projection assumes
 * Web Mercator, the map's CRS (createTacticalMap.ts).
 */
export class DroneCanvasLayer extends L.Layer {
  private readonly telemetry: TelemetryBuffer;
  private readonly onSelect: (droneId: string | null) => void;
  private readonly onDrawn: (count: number) => void;
  private readonly redraw = createFrameScheduler(() => this.draw());
  private readonly drawn = new DrawList();
  private canvas: HTMLCanvasElement | null = null;
  private label: HTMLDivElement | null = null;
  private labelText = '';
  private unsubscribeTelemetry: (() => void) | null = null;

  /** Roster by buffer slot, from the drone index. */
  private entryBySlot: (DroneIndexEntry | undefined)[] = [];
  private colorBySlot = new Uint16Array(0);
  private slotByDroneId = new Map<string, number>();
  private colors: string[] = [...BASE_COLORS];
  private selectedDroneId: string | null = null;

  constructor(options: DroneCanvasLayerOptions) {
    super();
    this.telemetry = options.telemetry;
    this.onSelect = options.onSelect;
    this.onDrawn = options.onDrawn;
  }

  setRoster(index: DroneIndex | null, convoyColors: Readonly<Record<string, string>>): void {
    const drones = index?.drones ?? [];
    const colorSlotByConvoy = new Map<string, number>();
    this.colors = [...BASE_COLORS];
    for (const [convoyId, color] of Object.entries(convoyColors)) {
      colorSlotByConvoy.set(convoyId, this.colors.length);
      this.colors.push(color);
    }
    const slots = drones.reduce((size, d) => Math.max(size, d.index + 1), 0);
    this.entryBySlot = new Array<DroneIndexEntry | undefined>(slots);
    this.colorBySlot = new Uint16Array(slots).fill(UNKNOWN_SLOT);
    this.slotByDroneId = new Map();
    for (const drone of drones) {
      this.entryBySlot[drone.index] = drone;
      this.colorBySlot[drone.index] = colorSlotByConvoy.get(drone.convoyId) ?? UNKNOWN_SLOT;
      this.slotByDroneId.set(drone.droneId, drone.index);
    }
    this.redraw.schedule();
  }

  setSelectedDrone(droneId: string | null): void {
    this.selectedDroneId = droneId;
    this.redraw.schedule();
  }

  override onAdd(): this {
    const pane = this.getPane();
    // leaflet-zoom-hide: hidden during the zoom animation, redrawn when it ends.
    this.canvas = L.DomUtil.create('canvas', 'drone-canvas leaflet-zoom-hide', pane);
    this.label = L.DomUtil.create('div', 'drone-label leaflet-zoom-hide', pane);
    this.label.dataset['testid'] = 'drone-label';
    this.label.hidden = true;
    this.unsubscribeTelemetry = this.telemetry.subscribe(this.scheduleRedraw);
    this.redraw.schedule();
    return this;
  }

  override onRemove(): this {
    this.redraw.cancel();
    this.unsubscribeTelemetry?.();
    this.unsubscribeTelemetry = null;
    this.canvas?.remove();
    this.label?.remove();
    this.canvas = null;
    this.label = null;
    this.labelText = '';
    return this;
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    return {
      move: this.scheduleRedraw,
      zoomend: this.scheduleRedraw,
      viewreset: this.scheduleRedraw,
      resize: this.scheduleRedraw,
      click: this.handleClick,
    };
  }

  private readonly scheduleRedraw = (): void => this.redraw.schedule();

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
    this.onSelect(slot === undefined ? null : (this.entryBySlot[slot]?.droneId ?? null));
  };

  private draw(): void {
    const map = this._map as L.Map | undefined;
    const canvas = this.canvas;
    const ctx = canvas?.getContext('2d');
    if (!map || !canvas || !ctx) return;

    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(size.x * ratio);
    const height = Math.round(size.y * ratio);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
    }
    // The pane moves under the map while panning; pin the canvas to the container's corner.
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(canvas, topLeft);

    const scale = L.CRS.EPSG3857.scale(map.getZoom());
    const origin = map.getPixelOrigin();
    const offsetX = origin.x + topLeft.x;
    const offsetY = origin.y + topLeft.y;
    const t = this.telemetry;
    this.drawn.reset(t.size);
    for (let slot = 0; slot < t.size; slot++) {
      if (t.known[slot] !== 1) continue;
      const x = mercatorX(t.lon[slot] ?? 0) * scale - offsetX;
      const y = mercatorY(t.lat[slot] ?? 0) * scale - offsetY;
      if (x < -CULL_MARGIN_PX || y < -CULL_MARGIN_PX) continue;
      if (x > size.x + CULL_MARGIN_PX || y > size.y + CULL_MARGIN_PX) continue;
      const inactive = INACTIVE_STATUSES.has(t.status[slot] ?? 0);
      const color = inactive ? INACTIVE_SLOT : (this.colorBySlot[slot] ?? UNKNOWN_SLOT);
      this.drawn.push(slot, x, y, t.headingDeg[slot] ?? 0, color);
    }

    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    drawDroneGlyphs(ctx, this.drawn, this.colors);
    this.drawSelection(ctx, topLeft);
    this.onDrawn(this.drawn.count);
  }

  /** Ring and callsign label on the selected drone, when it is in view. */
  private drawSelection(ctx: CanvasRenderingContext2D, topLeft: L.Point): void {
    const label = this.label;
    if (!label) return;
    const slot = this.selectedDroneId ? this.slotByDroneId.get(this.selectedDroneId) : undefined;
    let at = -1;
    if (slot !== undefined) {
      for (let i = 0; i < this.drawn.count; i++) {
        if (this.drawn.slot[i] === slot) {
          at = i;
          break;
        }
      }
    }
    const entry = slot === undefined ? undefined : this.entryBySlot[slot];
    if (at === -1 || !entry) {
      label.hidden = true;
      return;
    }
    const x = this.drawn.x[at] ?? 0;
    const y = this.drawn.y[at] ?? 0;
    ctx.beginPath();
    ctx.arc(x, y, SELECTION_RING_PX, 0, 2 * Math.PI);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();

    if (this.labelText !== entry.callsign) {
      this.labelText = entry.callsign;
      label.textContent = entry.callsign;
    }
    label.dataset['droneId'] = entry.droneId;
    L.DomUtil.setPosition(label, topLeft.add([x + SELECTION_RING_PX + 3, y - 9]));
    label.hidden = false;
  }
}
