import * as L from 'leaflet';
import { createFrameScheduler } from '../util/frameScheduler';

/**
 * Where one redraw happens, in CSS pixels of the map's container. A point at Web Mercator
 * coordinates (mx, my) in 0..1 (mercator.ts) lands at (mx * scale - offsetX, my * scale - offsetY).
 */
export interface CanvasView {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  /** Device pixels per CSS pixel; the context is already scaled by it. */
  ratio: number;
  zoom: number;
  scale: number;
  offsetX: number;
  offsetY: number;
  /** The canvas's position in its pane, for DOM elements placed beside what it draws. */
  topLeft: L.Point;
}

/**
 * A <canvas> the size of the map, pinned to the container's corner in its pane and redrawn at most
 * once per animation frame, however many changes (telemetry, pan, zoom, selection) asked for it.
 * Subclasses draw; this keeps the canvas in place. While a subclass has nothing to show its canvas
 * gives its bitmap back: a full-screen canvas at 4K holds 30 MB.
 */
export abstract class CanvasOverlay extends L.Layer {
  protected canvas: HTMLCanvasElement | null = null;
  private readonly redraw = createFrameScheduler(() => this.render());

  constructor(pane: string) {
    super();
    // L.Layer has no initialize() to take options through its constructor.
    L.setOptions(this, { pane });
  }

  /** Asks for a redraw on the next animation frame. */
  readonly schedule = (): void => this.redraw.schedule();

  override onAdd(): this {
    this.canvas = createOverlayCanvas(this.getPane());
    this.added();
    this.redraw.schedule();
    return this;
  }

  override onRemove(): this {
    this.redraw.cancel();
    this.removed();
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    return {
      move: this.schedule,
      zoomend: this.schedule,
      viewreset: this.schedule,
      resize: this.schedule,
    };
  }

  /** After the canvas exists: subscribe, create extra elements. */
  protected added(): void {}

  /** Before the canvas goes: unsubscribe, remove extra elements. */
  protected removed(): void {}

  /** Whether `draw` would draw anything; when not, the canvas is emptied without a draw. */
  protected hasContent(): boolean {
    return true;
  }

  /** Draws on a cleared canvas. */
  protected abstract draw(view: CanvasView): void;

  private render(): void {
    const map = this._map as L.Map | undefined;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    if (!this.hasContent()) {
      releaseCanvas(canvas);
      return;
    }
    const view = prepareCanvas(map, canvas);
    if (view) this.draw(view);
  }
}

function createOverlayCanvas(pane: HTMLElement | undefined): HTMLCanvasElement {
  // leaflet-zoom-hide: hidden during the zoom animation, redrawn when it ends.
  const canvas = L.DomUtil.create('canvas', 'leaflet-zoom-hide', pane);
  canvas.style.pointerEvents = 'none';
  canvas.width = 0;
  canvas.height = 0;
  return canvas;
}

/** Sizes the canvas to the map (device pixels), pins it to the container's corner, clears it. */
function prepareCanvas(map: L.Map, canvas: HTMLCanvasElement): CanvasView | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
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
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, size.x, size.y);
  const zoom = map.getZoom();
  const origin = map.getPixelOrigin();
  return {
    ctx,
    width: size.x,
    height: size.y,
    ratio,
    zoom,
    scale: L.CRS.EPSG3857.scale(zoom),
    offsetX: origin.x + topLeft.x,
    offsetY: origin.y + topLeft.y,
    topLeft,
  };
}

function releaseCanvas(canvas: HTMLCanvasElement): void {
  if (canvas.width === 0) return;
  canvas.width = 0;
  canvas.height = 0;
}
