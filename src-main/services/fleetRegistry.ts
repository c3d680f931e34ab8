import type { DroneIndex } from '../../src-shared/contract';
import type { Convoy } from '../../src-shared/model';
import type { DroneRecord } from '../store/Store';

/**
 * The fleet's fixed facts (convoys, drones, callsigns) held in memory, with the compact drone
 * index that telemetry frames refer to. The index version changes whenever the fleet does, so a
 * renderer knows to fetch `drones.index` again.
 */
export class FleetRegistry {
  private convoysById = new Map<string, Convoy>();
  private dronesById = new Map<string, DroneRecord>();
  private indexById = new Map<string, number>();
  private ordered: DroneRecord[] = [];
  private indexVersion = 0;

  load(convoys: readonly Convoy[], drones: readonly DroneRecord[]): void {
    this.convoysById = new Map(convoys.map((c) => [c.id, c]));
    this.dronesById = new Map(drones.map((d) => [d.id, d]));
    this.ordered = [...drones];
    this.indexById = new Map(this.ordered.map((d, i) => [d.id, i]));
    this.indexVersion++;
  }

  get version(): number {
    return this.indexVersion;
  }

  convoy(id: string): Convoy | undefined {
    return this.convoysById.get(id);
  }

  convoys(): Convoy[] {
    return [...this.convoysById.values()];
  }

  activeConvoys(): Convoy[] {
    return this.convoys().filter((c) => c.status === 'ACTIVE');
  }

  drone(id: string): DroneRecord | undefined {
    return this.dronesById.get(id);
  }

  drones(): readonly DroneRecord[] {
    return this.ordered;
  }

  dronesOf(convoyId: string): DroneRecord[] {
    const convoy = this.convoysById.get(convoyId);
    if (!convoy) return [];
    return convoy.droneIds.flatMap((id) => this.dronesById.get(id) ?? []);
  }

  indexOf(droneId: string): number | undefined {
    return this.indexById.get(droneId);
  }

  index(): DroneIndex {
    return {
      version: this.indexVersion,
      drones: this.ordered.map((d, index) => ({
        index,
        droneId: d.id,
        convoyId: d.convoyId,
        callsign: d.callsign,
      })),
    };
  }
}
