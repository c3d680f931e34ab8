import type { DroneIndex } from '../../src-shared/contract';
import type { DroneIndexEntry } from '../state/gcsStore';

/**
 * The drone index as the map layers need it: by TelemetryBuffer slot (= drone index number), with
 * each slot's colour as an index into `colors`, and the slots grouped by colour so a layer can
 * draw one canvas path per colour. Rebuilt only when the index or the convoy colours change.
 */
export class MapRoster {
  /** Before the first drone index. */
  static readonly EMPTY = new MapRoster(null, {}, '#ffffff');

  /** The drone index version the slots belong to; null before the first index. */
  readonly version: number | null;
  /** One past the highest slot in the index. */
  readonly size: number;
  readonly entryBySlot: readonly (DroneIndexEntry | undefined)[];
  readonly slotByDroneId: ReadonlyMap<string, number>;
  /** `colors[0]` is for a slot the index does not know; then one colour per convoy. */
  readonly colors: readonly string[];
  readonly colorBySlot: Uint16Array;
  /** Slots sorted by colour; colour c's slots are `slotsByColor[colorStarts[c] .. colorStarts[c+1])`. */
  readonly slotsByColor: Uint32Array;
  readonly colorStarts: Uint32Array;

  constructor(
    index: DroneIndex | null,
    convoyColors: Readonly<Record<string, string>>,
    unknownColor: string,
  ) {
    const drones = index?.drones ?? [];
    this.version = index?.version ?? null;
    this.size = drones.reduce((size, d) => Math.max(size, d.index + 1), 0);

    const colorByConvoy = new Map<string, number>();
    const colors = [unknownColor];
    for (const [convoyId, color] of Object.entries(convoyColors)) {
      colorByConvoy.set(convoyId, colors.length);
      colors.push(color);
    }
    this.colors = colors;

    const entryBySlot = new Array<DroneIndexEntry | undefined>(this.size);
    const slotByDroneId = new Map<string, number>();
    this.colorBySlot = new Uint16Array(this.size);
    for (const drone of drones) {
      entryBySlot[drone.index] = drone;
      slotByDroneId.set(drone.droneId, drone.index);
      this.colorBySlot[drone.index] = colorByConvoy.get(drone.convoyId) ?? 0;
    }
    this.entryBySlot = entryBySlot;
    this.slotByDroneId = slotByDroneId;

    // Counting sort of the slots by colour.
    this.colorStarts = new Uint32Array(colors.length + 1);
    for (let slot = 0; slot < this.size; slot++) {
      const c = this.colorBySlot[slot] ?? 0;
      this.colorStarts[c + 1] = (this.colorStarts[c + 1] ?? 0) + 1;
    }
    for (let c = 0; c < colors.length; c++) {
      this.colorStarts[c + 1] = (this.colorStarts[c + 1] ?? 0) + (this.colorStarts[c] ?? 0);
    }
    const next = this.colorStarts.slice(0, colors.length);
    this.slotsByColor = new Uint32Array(this.size);
    for (let slot = 0; slot < this.size; slot++) {
      const c = this.colorBySlot[slot] ?? 0;
      const at = next[c] ?? 0;
      this.slotsByColor[at] = slot;
      next[c] = at + 1;
    }
  }

  slotOf(droneId: string | null): number | undefined {
    return droneId === null ? undefined : this.slotByDroneId.get(droneId);
  }

  convoyOf(droneId: string | null): string | null {
    const slot = this.slotOf(droneId);
    return slot === undefined ? null : (this.entryBySlot[slot]?.convoyId ?? null);
  }

  colorOf(slot: number): string {
    return this.colors[this.colorBySlot[slot] ?? 0] ?? this.colors[0] ?? '#ffffff';
  }
}
