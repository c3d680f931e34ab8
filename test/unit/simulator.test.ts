import { describe, expect, it } from 'vitest';
import { DEFAULT_AOR, WAYPOINTS_PER_DRONE } from '../../src-shared/constants';
import { Convoy, Telemetry, Uuid, Waypoint } from '../../src-shared/model';
import { distanceM } from '../../src-main/domain/geo';
import {
  DEFAULT_SIMULATOR_CONFIG,
  FleetSimulator,
  TURNAROUND_MS,
  type StepResult,
} from '../../src-main/simulator/FleetSimulator';
import { Rng, uuidFrom } from '../../src-main/simulator/random';

const box = DEFAULT_AOR.bbox;

function strictlyInside(p: { lat: number; lon: number }): boolean {
  return p.lat > box.minLat && p.lat < box.maxLat && p.lon > box.minLon && p.lon < box.maxLon;
}

function insideOrOnEdge(p: { lat: number; lon: number }): boolean {
  return p.lat >= box.minLat && p.lat <= box.maxLat && p.lon >= box.minLon && p.lon <= box.maxLon;
}

function run(sim: FleetSimulator, steps: number): StepResult[] {
  return Array.from({ length: steps }, () => sim.step());
}

function latestByDrone(results: readonly StepResult[]): Map<string, Telemetry> {
  const latest = new Map<string, Telemetry>();
  for (const r of results) for (const row of r.telemetry) latest.set(row.droneId, row);
  return latest;
}

describe('random', () => {
  it('draws uuids that zod accepts as RFC 4122 version 4', () => {
    const rng = new Rng(42);
    for (let i = 0; i < 500; i++) {
      const id = uuidFrom(rng);
      expect(Uuid.safeParse(id).success).toBe(true);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('repeats a sequence from its seed and keeps int() within both bounds', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = a.int(1, 6);
      expect(b.int(1, 6)).toBe(x);
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Rng(8).next()).not.toBe(new Rng(7).next());
  });
});

describe('FleetSimulator', () => {
  it('builds the same fleet and telemetry from the same seed', () => {
    const a = new FleetSimulator({ seed: 99 });
    const b = new FleetSimulator({ seed: 99 });
    expect(b.fleet).toEqual(a.fleet);
    const ra = run(a, 120);
    const rb = run(b, 120);
    expect(rb.at(-1)).toEqual(ra.at(-1));
    expect(rb.flatMap((r) => r.engagements)).toEqual(ra.flatMap((r) => r.engagements));
  });

  it('draws different ids from a different seed', () => {
    const a = new FleetSimulator({ seed: 1 });
    const b = new FleetSimulator({ seed: 2 });
    const idsA = new Set([...a.fleet.convoys.map((c) => c.id), ...a.fleet.drones.map((d) => d.id)]);
    const shared = [...b.fleet.convoys, ...b.fleet.drones].filter((x) => idsA.has(x.id));
    expect(shared).toEqual([]);
  });

  it('plans 3 convoys of 12 drones with 25 waypoints each inside the AOR by default', () => {
    const sim = new FleetSimulator({ seed: 3 });
    const { convoys, drones, waypoints } = sim.fleet;
    expect(convoys).toHaveLength(DEFAULT_SIMULATOR_CONFIG.convoys);
    expect(drones).toHaveLength(36);
    expect(waypoints).toHaveLength(36 * WAYPOINTS_PER_DRONE);
    for (const convoy of convoys) {
      expect(Convoy.parse(convoy)).toEqual(convoy);
      expect(convoy.status).toBe('ACTIVE');
      expect(convoy.missionStart).toBe(sim.config.startTime);
      expect(convoy.droneIds).toHaveLength(12);
    }
    expect(new Set(convoys.map((c) => c.callsign)).size).toBe(3);
    expect(new Set(drones.map((d) => d.callsign)).size).toBe(36);
    expect(new Set(drones.map((d) => d.id)).size).toBe(36);
    for (const drone of drones) {
      expect(drone.hitProbability).toBeGreaterThanOrEqual(0.45);
      expect(drone.hitProbability).toBeLessThanOrEqual(0.95);
      const route = waypoints.filter((w) => w.droneId === drone.id);
      expect(route.map((w) => w.seq)).toEqual([...Array(WAYPOINTS_PER_DRONE).keys()]);
      for (const w of route) {
        expect(Waypoint.parse(w)).toEqual(w);
        expect(strictlyInside(w)).toBe(true);
        expect(w.altitudeM).toBeGreaterThanOrEqual(1_500);
        expect(w.altitudeM).toBeLessThanOrEqual(7_000);
        expect(w.arrivedAt).toBeNull();
      }
      for (let i = 1; i < route.length; i++) {
        const prev = route[i - 1] as Waypoint;
        const cur = route[i] as Waypoint;
        expect(cur.eta).toBeGreaterThan(prev.eta ?? 0);
        // Convoy legs are 20–60 km; each drone's points sit up to 3 km off the convoy's.
        expect(distanceM(prev, cur)).toBeGreaterThan(13_000);
        expect(distanceM(prev, cur)).toBeLessThan(67_000);
      }
    }
  });

  it('flies 600 seconds of valid, advancing telemetry', () => {
    const sim = new FleetSimulator({ seed: 11 });
    const start = sim.simTime;
    const first = sim.step();
    const results = [first, ...run(sim, 599)];
    // Plain checks collected, not one expect() per value: 21,600 rows would make a slow test.
    const faults: string[] = [];
    results.forEach((r, i) => {
      if (r.simTime !== start + (i + 1) * 1000) faults.push(`step ${i}: simTime ${r.simTime}`);
      for (const row of r.telemetry) {
        const where = `step ${i} ${row.droneId}`;
        if (row.recordedAt !== r.simTime) faults.push(`${where}: recordedAt ${row.recordedAt}`);
        if (!insideOrOnEdge(row)) faults.push(`${where}: outside at ${row.lat},${row.lon}`);
        if (!(row.headingDeg >= 0 && row.headingDeg < 360)) faults.push(`${where}: heading`);
        if (!(row.fuelPct >= 0 && row.fuelPct <= 100)) faults.push(`${where}: fuel`);
        if (!(row.meshConnectivity >= 0 && row.meshConnectivity <= 1))
          faults.push(`${where}: mesh`);
      }
    });
    expect(faults).toEqual([]);
    const last = results.at(-1) as StepResult;
    expect(last.telemetry.length).toBeGreaterThan(30);
    for (const row of last.telemetry) expect(Telemetry.parse(row)).toEqual(row);

    const before = new Map(first.telemetry.map((row) => [row.droneId, row]));
    let advancedWaypoint = 0;
    for (const row of last.telemetry) {
      const earlier = before.get(row.droneId);
      if (!earlier) continue;
      expect(row.fuelPct).toBeLessThan(earlier.fuelPct);
      expect(distanceM(row, earlier)).toBeGreaterThan(10_000);
      if (row.currentWaypoint > earlier.currentWaypoint) advancedWaypoint++;
    }
    expect(advancedWaypoint).toBeGreaterThan(5);
    expect(results.flatMap((r) => r.arrivals).length).toBeGreaterThan(5);
  });

  it('reports mesh links consistent with meshConnectivity', () => {
    const sim = new FleetSimulator({ seed: 4 });
    const [r] = run(sim, 1);
    for (const row of r?.telemetry ?? []) {
      const drone = sim.fleet.drones.find((d) => d.id === row.droneId);
      const peers = sim.meshNeighbours(row.droneId);
      expect(peers.length / 11).toBeCloseTo(row.meshConnectivity, 12);
      for (const peer of peers) {
        expect(sim.fleet.drones.find((d) => d.id === peer)?.convoyId).toBe(drone?.convoyId);
      }
    }
    expect(sim.meshNeighbours('not-a-drone')).toEqual([]);
  });

  it('flies a whole mission: loiter, engage, return on fuel, land, then relaunch refuelled', () => {
    const sim = new FleetSimulator({ seed: 5, convoys: 2, dronesPerConvoy: 10 });
    const statuses = new Set<string>();
    const landedAt = new Map<string, number>();
    const relaunched = new Map<string, Telemetry>();
    for (let t = 0; t < 6 * 3600 && relaunched.size < 20; t++) {
      for (const row of sim.step().telemetry) {
        statuses.add(row.status);
        const landed = landedAt.get(row.droneId);
        if (row.status === 'LANDED') {
          expect(row.speedMps).toBe(0);
          expect(row.fuelPct).toBeGreaterThan(0);
          if (landed === undefined) landedAt.set(row.droneId, row.recordedAt);
        } else if (landed !== undefined && !relaunched.has(row.droneId)) {
          // The first row after the first landing: the turnaround is over, tanks are full.
          expect(row.recordedAt - landed).toBeGreaterThanOrEqual(TURNAROUND_MS);
          relaunched.set(row.droneId, row);
        }
      }
    }
    // None of these 20 drones is lost with this seed: every one lands and flies again.
    expect(landedAt.size).toBe(20);
    expect(relaunched.size).toBe(20);
    for (const row of relaunched.values()) {
      expect(row.status).toBe('AIRBORNE');
      expect(row.fuelPct).toBeGreaterThan(99);
    }
    expect([...statuses].sort()).toEqual(['AIRBORNE', 'ENGAGING', 'LANDED', 'LOITER', 'RTB']);
  }, 30_000); // hours of simulated flight: seconds of CPU, more on a busy machine

  it('engages at the configured rate with hits near each drone’s hit probability', () => {
    const sim = new FleetSimulator({
      seed: 21,
      convoys: 4,
      dronesPerConvoy: 25,
      engagementsPerDroneHour: 720,
    });
    const engagements = run(sim, 600).flatMap((r) => r.engagements);
    // 100 drones, mostly on station, at 0.2 per second for 600 s: about 12,000.
    expect(engagements.length).toBeGreaterThan(8_000);
    expect(engagements.length).toBeLessThan(13_000);
    const hitProbability = new Map(sim.fleet.drones.map((d) => [d.id, d.hitProbability]));
    const expected = engagements.reduce((sum, e) => sum + (hitProbability.get(e.droneId) ?? 0), 0);
    const hits = engagements.filter((e) => e.hit).length;
    expect(Math.abs(hits - expected) / engagements.length).toBeLessThan(0.03);
    for (const e of engagements.slice(0, 200)) {
      expect(Uuid.safeParse(e.id).success).toBe(true);
      expect(e.targetId).toMatch(/^TGT-[0-9A-F]{4}$/);
      expect(insideOrOnEdge({ lat: e.targetLat, lon: e.targetLon })).toBe(true);
      expect(sim.fleet.drones.find((d) => d.id === e.droneId)?.convoyId).toBe(e.convoyId);
    }
    expect(new Set(engagements.map((e) => e.weaponType)).size).toBeGreaterThan(3);
  });

  it('engages never when the rate is zero', () => {
    const sim = new FleetSimulator({ seed: 21, engagementsPerDroneHour: 0 });
    expect(run(sim, 300).flatMap((r) => r.engagements)).toEqual([]);
  });

  it('restores from stored telemetry and carries on from there', () => {
    const original = new FleetSimulator({ seed: 13 });
    const stored = latestByDrone(run(original, 300));
    const [left, ...kept] = [...stored.keys()];
    stored.delete(left as string);

    const resumed = new FleetSimulator({ seed: 13 });
    resumed.restore(stored, original.simTime);
    expect(resumed.simTime).toBe(original.simTime);
    const next = resumed.step();
    expect(next.simTime).toBe(original.simTime + 1000);
    const rows = new Map(next.telemetry.map((row) => [row.droneId, row]));
    for (const id of kept) {
      const before = stored.get(id) as Telemetry;
      const after = rows.get(id) as Telemetry;
      expect(after.recordedAt).toBe(before.recordedAt + 1000);
      expect(distanceM(before, after)).toBeLessThan(200);
      expect(after.fuelPct).toBeLessThan(before.fuelPct);
      expect(after.currentWaypoint).toBeGreaterThanOrEqual(before.currentWaypoint);
    }
    // The drone missing from the map starts again from its airfield with a full mission ahead.
    const fresh = rows.get(left as string) as Telemetry;
    const freshFleet = new FleetSimulator({ seed: 13 });
    const firstRow = freshFleet.step().telemetry.find((row) => row.droneId === left);
    expect(fresh.currentWaypoint).toBe(0);
    expect(fresh.fuelPct).toBeCloseTo(firstRow?.fuelPct ?? NaN, 9);
    expect(distanceM(fresh, firstRow as Telemetry)).toBeLessThan(1);
  });

  it('keeps LANDED and LOST drones as they were stored', () => {
    const sim = new FleetSimulator({ seed: 17, convoys: 1, dronesPerConvoy: 3 });
    const [a, b, c] = sim.fleet.drones.map((d) => d.id) as [string, string, string];
    const base: Omit<Telemetry, 'droneId' | 'status'> = {
      recordedAt: sim.simTime + 5_000,
      lat: 34.5,
      lon: 69.2,
      altitudeM: 0,
      headingDeg: 10,
      speedMps: 0,
      fuelPct: 40,
      currentWaypoint: 7,
      distanceToNextKm: 0,
      meshConnectivity: 1,
    };
    sim.restore(
      new Map([
        [a, { ...base, droneId: a, status: 'LANDED' }],
        [b, { ...base, droneId: b, status: 'LOST' }],
        [c, { ...base, droneId: c, status: 'RTB', altitudeM: 3000, lat: 34.9, speedMps: 80 }],
      ]),
      sim.simTime + 5_000,
    );
    const rows = new Map(
      run(sim, 3)
        .at(-1)
        ?.telemetry.map((row) => [row.droneId, row]),
    );
    expect(rows.get(a)).toMatchObject({ status: 'LANDED', lat: 34.5, lon: 69.2, speedMps: 0 });
    expect(rows.has(b)).toBe(false);
    expect(rows.get(c)?.status).toBe('RTB');
    expect(rows.get(c)?.lat).toBeLessThan(34.9);
  });

  it('loses the odd drone for good, at the same second for the same seed', () => {
    // With seed 6, one drone in this 200-drone convoy drops off the net 879 s in.
    const lossesOf = (sim: FleetSimulator): { id: string; at: number }[] => {
      const losses: { id: string; at: number }[] = [];
      const everLost = new Set<string>();
      let last = new Set(sim.fleet.drones.map((d) => d.id));
      for (let t = 0; t < 1_000; t++) {
        const r = sim.step();
        const now = new Set(r.telemetry.map((row) => row.droneId));
        for (const id of last) if (!now.has(id)) losses.push({ id, at: r.simTime });
        for (const id of now)
          if (everLost.has(id)) losses.push({ id: `${id} came back`, at: r.simTime });
        for (const { id } of losses) everLost.add(id);
        last = now;
      }
      return losses;
    };
    const losses = lossesOf(new FleetSimulator({ seed: 6, convoys: 1, dronesPerConvoy: 200 }));
    expect(losses).toHaveLength(1);
    expect(lossesOf(new FleetSimulator({ seed: 6, convoys: 1, dronesPerConvoy: 200 }))).toEqual(
      losses,
    );
  });

  it('steps 2,000 drones (4 × 500)', () => {
    const sim = new FleetSimulator({ seed: 2, convoys: 4, dronesPerConvoy: 500 });
    expect(sim.fleet.drones).toHaveLength(2000);
    run(sim, 20);
    const steps = 300;
    const started = performance.now();
    const results = run(sim, steps);
    const averageMs = (performance.now() - started) / steps;
    console.log(`FleetSimulator.step() with 2,000 drones: ${averageMs.toFixed(2)} ms on average`);
    expect(results.at(-1)?.telemetry.length).toBeGreaterThan(1990);
  });

  it('rejects a config it cannot fly', () => {
    expect(() => new FleetSimulator({ convoys: 0 })).toThrow(RangeError);
    expect(() => new FleetSimulator({ dronesPerConvoy: 1.5 })).toThrow(RangeError);
    expect(() => new FleetSimulator({ engagementsPerDroneHour: -1 })).toThrow(RangeError);
    expect(() => new FleetSimulator({ startTime: -5 })).toThrow(RangeError);
  });
});
