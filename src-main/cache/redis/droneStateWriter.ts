import type { Drone } from '../../../src-shared/model';
import { DRONE_STATE_FIELDS, droneStateFields, droneStateText } from './redisCodec';
import { bulk, RespText } from './respBatch';

/**
 * How often each drone's `drone:state` is written whole, with its TTL: between these "keyframes"
 * a tick writes only the fields that changed. The hash therefore expires 50–60 s (TTL minus up
 * to one interval) after its drone's last write, not exactly 60 s.
 */
export const KEYFRAME_INTERVAL_MS = 10_000;
/**
 * ...or every this many writes of the drone, whichever comes first: at the 1 Hz telemetry rate
 * both say the same, and a faster feed (or a bench) keeps the same share of full writes.
 */
export const KEYFRAME_EVERY_WRITES = 10;

interface Written {
  /** The values last sent, in DRONE_STATE_FIELDS order (droneStateFields). */
  values: (string | number)[];
  keyframeDue: number;
  deltasLeft: number;
  writtenAt: number;
}

/** `$<len>\r\n<field>\r\n` for each field, encoded once. */
const FIELD_BULKS = DRONE_STATE_FIELDS.map(bulk);
const HSET = bulk('HSET');
const EXPIRE = bulk('EXPIRE');

/**
 * Encodes telemetry ticks into `drone:state` writes as keyframes and deltas, like a video codec.
 *
 * A 2,000-drone tick rewrote 19 fields per drone although about eight change in a second (the
 * position, speed, fuel, time; convoy, callsign and platform never do): that was Redis's time
 * per tick, and the reason the seed's 50,000 updates/s were out of reach. A delta sends the
 * changed fields only and leaves the TTL alone; every drone still gets a full write with EXPIRE
 * every KEYFRAME_INTERVAL_MS (spread over the interval, so ticks stay even), and at once when the
 * writer cannot vouch for what Redis holds.
 *
 * A delta on a key that vanished (expired, evicted, flushed, a restarted server) leaves a partial
 * hash. Reads treat a partial hash as a miss, and every way the writer learns of it makes the
 * drone's next write a keyframe: a failed write, a reconnect, a miss read, an invalidation. A
 * vanished key nobody reads is whole again within one interval.
 */
export class DroneStateWriter {
  private readonly written = new Map<string, Written>();

  constructor(
    private readonly keyOf: (droneId: string) => string,
    private readonly ttlSeconds: number,
  ) {}

  /** The commands for a batch of drones at `now`, and the writer's memory updated as if sent. */
  encode(drones: readonly Drone[], now: number): RespText {
    const out = new RespText();
    const ttl = bulk(String(this.ttlSeconds));
    for (const drone of drones) {
      const values = droneStateFields(drone);
      const before = this.written.get(drone.id);
      const keyframe = !before || now >= before.keyframeDue || before.deltasLeft <= 0;
      let body = '';
      let fields = 0;
      for (let f = 0; f < values.length; f++) {
        if (keyframe || values[f] !== before!.values[f]) {
          const value = values[f]!;
          // Numbers and times are ASCII: their length is their byte length.
          const text = droneStateText(f, value);
          body +=
            typeof value === 'number'
              ? `${FIELD_BULKS[f]!}$${text.length}\r\n${text}\r\n`
              : FIELD_BULKS[f]! + bulk(text);
          fields++;
        }
      }
      if (keyframe) {
        const span = this.interval(drone.id, !before);
        this.written.set(drone.id, {
          values,
          keyframeDue: now + span,
          // Deltas until the next keyframe by count: the same share of the interval as by time.
          deltasLeft: Math.round((span / KEYFRAME_INTERVAL_MS) * KEYFRAME_EVERY_WRITES) - 1,
          writtenAt: now,
        });
      } else {
        before.values = values;
        before.deltasLeft--;
        before.writtenAt = now;
      }
      if (fields === 0) continue;
      const key = bulk(this.keyOf(drone.id));
      out.raw(`*${2 + 2 * fields}\r\n${HSET}${key}${body}`, 1);
      if (keyframe) out.raw(`*3\r\n${EXPIRE}${key}${ttl}`, 1);
    }
    this.prune(now);
    return out;
  }

  /** What Redis holds for these drones is unknown: their next write is a keyframe. */
  forget(droneIds: Iterable<string>): void {
    for (const id of droneIds) this.written.delete(id);
  }

  forgetAll(): void {
    this.written.clear();
  }

  get size(): number {
    return this.written.size;
  }

  /**
   * The first keyframe interval of a drone is a fraction of the full one, fixed by its id, so a
   * fleet that appears at once does not keyframe all together every ten seconds after.
   */
  private interval(droneId: string, first: boolean): number {
    if (!first) return KEYFRAME_INTERVAL_MS;
    // FNV-1a, then MurmurHash3's finaliser: ids that differ in one character land far apart.
    let h = 0x811c9dc5;
    for (let i = 0; i < droneId.length; i++) h = Math.imul(h ^ droneId.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    return Math.round(KEYFRAME_INTERVAL_MS * (0.1 + 0.9 * ((h >>> 0) / 0x1_0000_0000)));
  }

  /** Drones not written for a TTL have expired in Redis too: forget them, or memory only grows. */
  private prune(now: number): void {
    if (now - this.lastPrune < KEYFRAME_INTERVAL_MS) return;
    this.lastPrune = now;
    for (const [id, w] of this.written) {
      if (now - w.writtenAt > this.ttlSeconds * 1000) this.written.delete(id);
    }
  }

  private lastPrune = 0;
}
