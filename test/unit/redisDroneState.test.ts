import { describe, expect, it } from 'vitest';
import { DroneStateWriter } from '../../src-main/cache/redis/droneStateWriter';
import {
  DRONE_STATE_FIELDS,
  droneFromHash,
  droneToHash,
  iso,
} from '../../src-main/cache/redis/redisCodec';
import type { Drone } from '../../src-shared/model';
import { prng } from '../support/prng';

/** Decodes RESP arrays of bulk strings: what Redis would read from the writer's text. */
function decode(text: string): string[][] {
  const bytes = Buffer.from(text);
  const commands: string[][] = [];
  let at = 0;
  const line = (): string => {
    const end = bytes.indexOf('\r\n', at);
    const s = bytes.toString('utf8', at, end);
    at = end + 2;
    return s;
  };
  while (at < bytes.length) {
    const head = line();
    expect(head[0]).toBe('*');
    const args: string[] = [];
    for (let n = Number(head.slice(1)); n > 0; n--) {
      const len = line();
      expect(len[0]).toBe('$');
      const size = Number(len.slice(1));
      args.push(bytes.toString('utf8', at, at + size));
      expect(bytes.toString('utf8', at + size, at + size + 2)).toBe('\r\n');
      at += size + 2;
    }
    commands.push(args);
  }
  return commands;
}

const drone = (i: number, t = 0): Drone => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  convoyId: '11111111-0000-4000-8000-000000000000',
  callsign: `ÆGIR-${i}`,
  platformType: 'MQ9_REAPER',
  status: 'AIRBORNE',
  lat: 30 + i / 1000 + t * 1e-4,
  lon: 65,
  altitudeM: 4000,
  headingDeg: 90,
  speedMps: 70,
  fuelPct: 90 - t * 0.1,
  currentWaypoint: 3,
  distanceToNextKm: 2,
  totalEngagements: 0,
  successfulHits: 0,
  accuracyPct: 0,
  currentStreak: 0,
  bestStreak: 0,
  meshConnectivity: 1,
  updatedAt: 1_795_000_000_000 + t * 1000,
});

describe('iso', () => {
  it('is Date.prototype.toISOString for any time a Date can hold', () => {
    const rand = prng(7);
    const samples = [0, -1, 1, 86_399_999, 86_400_000, -86_400_001, 1.5, -0.5, 8.64e15, -8.64e15];
    for (let i = 0; i < 20_000; i++) samples.push(Math.floor((rand() - 0.3) * 8e12));
    for (const t of samples) expect(iso(t)).toBe(new Date(t).toISOString());
    expect(() => iso(Number.NaN)).toThrow(RangeError);
  });
});

describe('DroneStateWriter', () => {
  const keyOf = (id: string) => `drone:state:${id}`;

  it('writes a new drone whole with its TTL, in RESP Redis can read, UTF-8 included', () => {
    const writer = new DroneStateWriter(keyOf, 60);
    const d = drone(1);
    const commands = decode(writer.encode([d], 1000).text);
    expect(commands).toHaveLength(2);
    const [hset, expire] = commands;
    expect(hset![0]).toBe('HSET');
    expect(hset![1]).toBe(keyOf(d.id));
    const hash = Object.fromEntries(
      Array.from({ length: (hset!.length - 2) / 2 }, (_, k) => [
        hset![2 + 2 * k]!,
        hset![3 + 2 * k]!,
      ]),
    );
    expect(Object.keys(hash)).toEqual([...DRONE_STATE_FIELDS]);
    expect(droneFromHash(d.id, hash)).toEqual(d);
    expect(hash).toEqual(droneToHash(d));
    expect(expire).toEqual(['EXPIRE', keyOf(d.id), '60']);
  });

  it('then sends only changed fields, nothing for an unchanged drone, and a keyframe every ten writes', () => {
    const writer = new DroneStateWriter(keyOf, 60);
    const fleet = Array.from({ length: 40 }, (_, i) => drone(i));
    writer.encode(fleet, 0);
    const keyframes = new Map<string, number[]>();
    for (let t = 1; t <= 30; t++) {
      // Drone 0 stops reporting: the same values every tick.
      const tick = fleet.map((d, i) => (i === 0 ? d : drone(i, t)));
      const commands = decode(writer.encode(tick, t).text);
      for (const c of commands.filter((c) => c[0] === 'HSET')) {
        const fields = c.filter((_, k) => k >= 2 && k % 2 === 0);
        if (fields.length === DRONE_STATE_FIELDS.length) {
          keyframes.set(c[1]!, [...(keyframes.get(c[1]!) ?? []), t]);
        } else {
          expect(fields).toEqual(['lat', 'fuel_pct', 'updated_at']);
        }
      }
      // An EXPIRE goes with each keyframe, and only with one.
      const expires = commands.filter((c) => c[0] === 'EXPIRE').map((c) => c[1]);
      expect(expires.sort()).toEqual(
        commands
          .filter((c) => c[0] === 'HSET' && c.length === 2 + 2 * DRONE_STATE_FIELDS.length)
          .map((c) => c[1])
          .sort(),
      );
    }
    for (const d of fleet) {
      const at = keyframes.get(keyOf(d.id)) ?? [];
      // Ten writes apart after the first, whose place in the interval is spread by id.
      expect(at.length).toBeGreaterThanOrEqual(2);
      for (let k = 1; k < at.length; k++) expect(at[k]! - at[k - 1]!).toBe(10);
      expect(at[0]).toBeLessThanOrEqual(10);
    }
    // The unchanged drone still gets its keyframes (so its hash does not expire), nothing else.
    expect(keyframes.get(keyOf(fleet[0]!.id))!.length).toBeGreaterThanOrEqual(2);
    // The first keyframes are spread: not all drones on the same tick.
    expect(new Set([...keyframes.values()].map((at) => at[0])).size).toBeGreaterThan(3);
  });

  it('keyframes by time when writes are rare, and after forget', () => {
    const writer = new DroneStateWriter(keyOf, 60);
    const d = drone(2);
    writer.encode([d], 0);
    const full = (text: string) => decode(text).some((c) => c[0] === 'EXPIRE');
    expect(full(writer.encode([drone(2, 1)], 500).text)).toBe(false);
    expect(full(writer.encode([drone(2, 2)], 10_500).text)).toBe(true);
    expect(full(writer.encode([drone(2, 3)], 11_000).text)).toBe(false);
    writer.forget([d.id]);
    expect(full(writer.encode([drone(2, 4)], 11_500).text)).toBe(true);
    writer.forgetAll();
    expect(full(writer.encode([drone(2, 5)], 12_000).text)).toBe(true);
  });

  it('forgets drones not written for a TTL', () => {
    const writer = new DroneStateWriter(keyOf, 60);
    writer.encode([drone(1), drone(2)], 0);
    writer.encode([drone(1, 1)], 50_000);
    writer.encode([drone(1, 2)], 70_000);
    expect(writer.size).toBe(1);
  });
});
