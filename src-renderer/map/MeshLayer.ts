import type { TelemetryBuffer } from '../state/telemetryBuffer';
import { CanvasOverlay, type CanvasView } from './CanvasOverlay';
import { MapRoster } from './mapRoster';
import { mercatorX, mercatorY } from './mercator';
import { PANES } from './panes';

/**
 * A convoy's radio mesh: a line between each pair of linked drones, at their live positions, in
 * the convoy's colour. Links are kept as drone ids and resolved to buffer slots once per roster.
 */
export class MeshLayer extends CanvasOverlay {
  private links: readonly (readonly [string, string])[] = [];
  /** Slot pairs, flattened: link k joins slots[2k] and slots[2k + 1]. */
  private slots = new Uint32Array(0);
  private color = '#ffffff';
  private roster = MapRoster.EMPTY;
  private unsubscribeTelemetry: (() => void) | null = null;

  constructor(private readonly telemetry: TelemetryBuffer) {
    super(PANES.mesh.name);
  }

  setLinks(links: readonly (readonly [string, string])[]): void {
    this.links = links;
    this.resolve();
  }

  setColor(color: string): void {
    this.color = color;
    this.schedule();
  }

  setRoster(roster: MapRoster): void {
    this.roster = roster;
    this.resolve();
  }

  protected override added(): void {
    this.unsubscribeTelemetry = this.telemetry.subscribe(() => {
      if (this.slots.length > 0) this.schedule();
    });
  }

  protected override removed(): void {
    this.unsubscribeTelemetry?.();
    this.unsubscribeTelemetry = null;
  }

  protected override hasContent(): boolean {
    return this.slots.length > 0;
  }

  private resolve(): void {
    const slots: number[] = [];
    for (const [a, b] of this.links) {
      const slotA = this.roster.slotOf(a);
      const slotB = this.roster.slotOf(b);
      if (slotA !== undefined && slotB !== undefined) slots.push(slotA, slotB);
    }
    this.slots = Uint32Array.from(slots);
    this.schedule();
  }

  protected override draw(view: CanvasView): void {
    const { ctx, scale, offsetX, offsetY } = view;
    const t = this.telemetry;
    ctx.beginPath();
    for (let k = 0; k + 1 < this.slots.length; k += 2) {
      const a = this.slots[k] ?? 0;
      const b = this.slots[k + 1] ?? 0;
      if (a >= t.size || b >= t.size || t.known[a] !== 1 || t.known[b] !== 1) continue;
      ctx.moveTo(
        mercatorX(t.lon[a] ?? 0) * scale - offsetX,
        mercatorY(t.lat[a] ?? 0) * scale - offsetY,
      );
      ctx.lineTo(
        mercatorX(t.lon[b] ?? 0) * scale - offsetX,
        mercatorY(t.lat[b] ?? 0) * scale - offsetY,
      );
    }
    // One thin solid stroke: a convoy flying close together is a near-complete graph (100 drones,
    // ~5,000 links), and dashes or a casing would multiply the cost of every redraw.
    ctx.lineWidth = 1;
    ctx.strokeStyle = this.color;
    ctx.globalAlpha = 0.35;
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
}
