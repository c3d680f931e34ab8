import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEngagement, EMPTY_STATS } from '../../src-main/domain/ranking';
import type { DroneRecord, Store } from '../../src-main/store/Store';
import type {
  Alert,
  Convoy,
  Engagement,
  EngagementStats,
  Telemetry,
  Waypoint,
} from '../../src-shared/model';

/**
 * What every Store must do, whatever it runs on: the doc comments of src-main/store/Store.ts as
 * tests. One store is opened for the suite (a Cassandra keyspace costs seconds to create), so
 * every test works on fresh ids and never counts on another's rows — except `countTelemetry`,
 * which is checked as a difference.
 */
export function storeContract(
  name: string,
  open: () => Promise<{ store: Store; cleanup(): Promise<void> }>,
): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await open());
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await cleanup?.();
    });

    const HOUR = 3_600_000;
    const T0 = Date.UTC(2026, 10, 22, 8, 59, 30, 250);

    function fleet(drones = 3): { convoy: Convoy; records: DroneRecord[]; route: Waypoint[] } {
      const convoyId = randomUUID();
      const records = Array.from({ length: drones }, (_, i) => ({
        id: randomUUID(),
        convoyId,
        callsign: `ÆGIR-${i} “north”`,
        platformType: i % 2 ? ('MQ1C_GRAY_EAGLE' as const) : ('MQ9_REAPER' as const),
      }));
      const convoy: Convoy = {
        id: convoyId,
        callsign: `CONVOY-${convoyId.slice(0, 4)}`,
        missionType: 'ISR',
        status: 'ACTIVE',
        aor: {
          name: 'AOR “Kandahar”',
          bbox: { minLat: 31.1, maxLat: 31.9, minLon: 65.2, maxLon: -0.1 + 66 },
        },
        rulesOfEngagement: 'WEAPONS_TIGHT',
        commandingUnit: '1st Recon',
        missionStart: T0,
        droneIds: records.map((d) => d.id),
      };
      const route = records.flatMap((d) =>
        Array.from({ length: 25 }, (_, seq) => ({
          droneId: d.id,
          seq,
          lat: 31.5 + seq * 0.01,
          lon: 65.5 - seq * 0.01,
          altitudeM: 4000 + seq,
          eta: seq % 5 === 0 ? null : T0 + seq * 60_000,
          arrivedAt: null,
        })),
      );
      return { convoy, records, route };
    }

    function row(droneId: string, at: number, i = 0): Telemetry {
      return {
        droneId,
        recordedAt: at,
        lat: 0.1 + 0.2 + i * 1e-7,
        lon: -117.123456789,
        altitudeM: 12_345.678,
        headingDeg: (i * 7) % 360,
        speedMps: 41.3,
        fuelPct: 100 - i / 1000,
        currentWaypoint: i % 25,
        distanceToNextKm: 1 / 3,
        meshConnectivity: 0.875,
        status: i % 11 === 0 ? 'LOITER' : 'AIRBORNE',
      };
    }

    /**
     * Positions and times come back exact; sensor readings at least to float32 precision (the
     * embedded store keeps hot telemetry in FLOAT columns: seven digits, finer than any sensor).
     */
    function sensorPrecision(r: Telemetry): Telemetry {
      return {
        ...r,
        altitudeM: Math.fround(r.altitudeM),
        headingDeg: Math.fround(r.headingDeg),
        speedMps: Math.fround(r.speedMps),
        fuelPct: Math.fround(r.fuelPct),
        distanceToNextKm: Math.fround(r.distanceToNextKm),
        meshConnectivity: Math.fround(r.meshConnectivity),
      };
    }
    const readBack = (rows: readonly Telemetry[]) => rows.map(sensorPrecision);

    function engagement(convoyId: string, droneId: string, at: number, hit: boolean): Engagement {
      return {
        id: randomUUID(),
        convoyId,
        droneId,
        recordedAt: at,
        hit,
        weaponType: 'AGM114_HELLFIRE',
        targetId: hit ? `T-${at}` : null,
        targetLat: hit ? 31.25 : null,
        targetLon: hit ? 65.75 : null,
        damageAssessment: hit ? 'DESTROYED' : null,
      };
    }

    describe('fleet', () => {
      it('saves convoys, drones in roster order, and routes ordered by seq', async () => {
        const { convoy, records, route } = fleet(4);
        await store.saveFleet([convoy], records, route);
        const saved = (await store.listConvoys()).find((c) => c.id === convoy.id);
        expect(saved).toEqual(convoy);
        expect((await store.listDrones()).filter((d) => d.convoyId === convoy.id)).toEqual(records);
        const shuffled = records[2]!;
        expect(await store.getWaypoints(shuffled.id)).toEqual(
          route.filter((w) => w.droneId === shuffled.id),
        );
      });

      it('replaces a convoy’s roster and routes whole, and leaves other convoys alone', async () => {
        const a = fleet(3);
        const b = fleet(2);
        await store.saveFleet(
          [a.convoy, b.convoy],
          [...a.records, ...b.records],
          [...a.route, ...b.route],
        );
        // Re-planned: drone 0 stays (one waypoint now), drone 1 leaves, a new drone joins.
        const joined: DroneRecord = { ...a.records[0]!, id: randomUUID(), callsign: 'NEW' };
        const kept = a.records[0]!;
        const replanned = { ...a.convoy, droneIds: [joined.id, kept.id] };
        const newRoute = [{ ...a.route[0]!, lat: 1, lon: 2 }];
        await store.saveFleet([replanned], [joined, kept], newRoute);
        const drones = await store.listDrones();
        expect(drones.filter((d) => d.convoyId === a.convoy.id)).toEqual([joined, kept]);
        expect(drones.filter((d) => d.convoyId === b.convoy.id)).toEqual(b.records);
        expect(await store.getWaypoints(kept.id)).toEqual(newRoute);
        expect(await store.getWaypoints(a.records[1]!.id)).toEqual([]);
        expect(await store.getWaypoints(b.records[0]!.id)).toHaveLength(25);
        expect((await store.listConvoys()).find((c) => c.id === a.convoy.id)?.droneIds).toEqual([
          joined.id,
          kept.id,
        ]);
      });

      it('lists convoys by mission start, then callsign', async () => {
        const late = fleet(1);
        const early = fleet(1);
        late.convoy.missionStart = T0 + 2 * HOUR;
        late.convoy.callsign = 'A-LATE';
        early.convoy.missionStart = T0 - 2 * HOUR;
        early.convoy.callsign = 'Z-EARLY';
        await store.saveFleet([late.convoy], late.records, []);
        await store.saveFleet([early.convoy], early.records, []);
        const ids = (await store.listConvoys()).map((c) => c.id);
        expect(ids.indexOf(early.convoy.id)).toBeLessThan(ids.indexOf(late.convoy.id));
      });

      it('changes a convoy’s status, and ignores an unknown convoy', async () => {
        const { convoy, records } = fleet(1);
        await store.saveFleet([convoy], records, []);
        await store.setConvoyStatus(convoy.id, 'COMPLETE');
        const unknown = randomUUID();
        await store.setConvoyStatus(unknown, 'COMPLETE');
        const convoys = await store.listConvoys();
        expect(convoys.find((c) => c.id === convoy.id)?.status).toBe('COMPLETE');
        expect(convoys.some((c) => c.id === unknown)).toBe(false);
      });

      it('marks a waypoint arrived once: a later report does not move it', async () => {
        const { convoy, records, route } = fleet(1);
        await store.saveFleet([convoy], records, route);
        const id = records[0]!.id;
        await store.markWaypointsArrived([
          { droneId: id, seq: 3, arrivedAt: T0 + 1000 },
          { droneId: id, seq: 4, arrivedAt: T0 + 2000 },
        ]);
        await store.markWaypointsArrived([{ droneId: id, seq: 3, arrivedAt: T0 + 9000 }]);
        await store.markWaypointsArrived([]);
        const got = await store.getWaypoints(id);
        expect(got.map((w) => w.arrivedAt)).toEqual(
          route.map((w) => (w.seq === 3 ? T0 + 1000 : w.seq === 4 ? T0 + 2000 : null)),
        );
      });
    });

    describe('telemetry', () => {
      it('reads a drone’s range back in time order, bounds included, across hours, exactly', async () => {
        const droneId = randomUUID();
        const other = randomUUID();
        // 2.5 hours at 1 Hz from half a minute before an hour: four hour partitions.
        const rows = Array.from({ length: 9_000 }, (_, i) => row(droneId, T0 + i * 1000, i));
        const before = await store.countTelemetry();
        // Out of order, in uneven batches, with another drone's rows mixed in.
        const batches = [rows.slice(6000), rows.slice(0, 2500), rows.slice(2500, 6000)];
        for (const batch of batches) {
          await store.appendTelemetry([...batch, row(other, batch[0]!.recordedAt)]);
        }
        await store.appendTelemetry([]);
        expect(await store.countTelemetry()).toBe(before + rows.length + batches.length);
        expect(readBack(await store.telemetryForDrone(droneId, T0, T0 + 9_000_000))).toEqual(
          readBack(rows),
        );
        const from = rows[1234]!.recordedAt;
        const to = rows[7777]!.recordedAt;
        expect(readBack(await store.telemetryForDrone(droneId, from, to))).toEqual(
          readBack(rows.slice(1234, 7778)),
        );
        expect(await store.telemetryForDrone(droneId, to, from)).toEqual([]);
        expect(await store.telemetryForDrone(randomUUID(), T0, T0 + HOUR)).toEqual([]);
      });

      it('keeps each drone’s newest row as latest, whatever order rows arrive in', async () => {
        const a = randomUUID();
        const b = randomUUID();
        await store.appendTelemetry([row(a, T0 + 5000, 5), row(b, T0 + 1000, 1)]);
        // An older row arriving later does not replace the newest.
        await store.appendTelemetry([row(a, T0 + 1000, 1), row(b, T0 + 9000, 9)]);
        const latest = await store.latestTelemetry();
        expect(sensorPrecision(latest.get(a)!)).toEqual(sensorPrecision(row(a, T0 + 5000, 5)));
        expect(sensorPrecision(latest.get(b)!)).toEqual(sensorPrecision(row(b, T0 + 9000, 9)));
      });
    });

    describe('engagements', () => {
      async function record(
        convoyId: string,
        droneId: string,
        results: readonly boolean[],
        start: number,
      ): Promise<{ engagements: Engagement[]; stats: EngagementStats }> {
        let stats = EMPTY_STATS;
        const engagements: Engagement[] = [];
        for (const [i, hit] of results.entries()) {
          const e = engagement(convoyId, droneId, start + i * 1000, hit);
          stats = applyEngagement(stats, hit, e.recordedAt);
          await store.recordEngagement(e, stats);
          engagements.push(e);
        }
        return { engagements, stats };
      }

      it('stores each engagement with the drone’s stats after it', async () => {
        const convoyId = randomUUID();
        const [d1, d2, quiet] = [randomUUID(), randomUUID(), randomUUID()];
        const one = await record(convoyId, d1, [true, true, false, true, true, true], T0);
        const two = await record(convoyId, d2, [false, true], T0 + 500);
        expect(await store.getStats(d1)).toEqual(one.stats);
        expect(one.stats).toMatchObject({ totalEngagements: 6, successfulHits: 5, bestStreak: 3 });
        expect(await store.getStats(quiet)).toBeNull();
        expect(await store.listStats(convoyId)).toEqual(
          new Map([
            [d1, one.stats],
            [d2, two.stats],
          ]),
        );
        expect(await store.listStats(randomUUID())).toEqual(new Map());
      });

      it('lists a convoy’s engagements in the order they happened, and a drone’s own', async () => {
        const convoyId = randomUUID();
        const [d1, d2] = [randomUUID(), randomUUID()].sort();
        const a = await record(convoyId, d1!, [true, false, true], T0);
        const b = await record(convoyId, d2!, [false, true], T0 + 500);
        const all = await store.listEngagements({ convoyId });
        expect(all.map((e) => e.id)).toEqual(
          [...a.engagements, ...b.engagements]
            .sort((x, y) => x.recordedAt - y.recordedAt)
            .map((e) => e.id),
        );
        expect(all[0]).toEqual(a.engagements[0]);
        expect(await store.listEngagements({ droneId: d2! })).toEqual(b.engagements);
        expect(await store.listEngagements({ convoyId, droneId: d1! })).toEqual(a.engagements);
        expect(await store.listEngagements({ convoyId: randomUUID() })).toEqual([]);
      });

      it('keeps a drone’s engagements in the order recorded when their times are equal', async () => {
        const convoyId = randomUUID();
        const droneId = randomUUID();
        let stats = EMPTY_STATS;
        const same: Engagement[] = [];
        for (const hit of [true, false, false, true]) {
          const e = engagement(convoyId, droneId, T0, hit);
          stats = applyEngagement(stats, hit, T0);
          await store.recordEngagement(e, stats);
          same.push(e);
        }
        expect(await store.listEngagements({ droneId })).toEqual(same);
        expect(await store.listEngagements({ convoyId })).toEqual(same);
        expect(await store.getStats(droneId)).toEqual(stats);
      });

      it('takes an engagement recorded twice (a retry, a replay) once', async () => {
        const convoyId = randomUUID();
        const droneId = randomUUID();
        const e = engagement(convoyId, droneId, T0, true);
        const stats = applyEngagement(EMPTY_STATS, true, T0);
        await store.recordEngagement(e, stats);
        await store.recordEngagement(e, stats);
        expect(await store.listEngagements({ droneId })).toEqual([e]);
        expect(await store.getStats(droneId)).toEqual(stats);
      });

      it('lists every convoy’s engagements with no filter', async () => {
        const convoyId = randomUUID();
        const droneId = randomUUID();
        const { engagements } = await record(convoyId, droneId, [true], T0 + 77);
        const ids = new Set((await store.listEngagements({})).map((e) => e.id));
        expect(ids.has(engagements[0]!.id)).toBe(true);
      });
    });

    describe('alerts, settings, checkpoint', () => {
      function alert(raisedAt: number, clearedAt: number | null): Alert {
        return {
          id: randomUUID(),
          kind: 'LOW_FUEL',
          severity: 'WARNING',
          droneIds: [randomUUID(), randomUUID()],
          convoyId: randomUUID(),
          message: 'fuel 19% — “RTB”',
          raisedAt,
          clearedAt,
          acknowledgedAt: null,
        };
      }

      it('updates alerts in place by id, and lists every open one and the newest cleared, newest first', async () => {
        const base = T0 + 50 * HOUR;
        const open = [alert(base + 1, null), alert(base + 5, null)];
        const cleared = [
          alert(base + 2, base + 10),
          alert(base + 3, base + 30),
          alert(base + 4, base + 20),
        ];
        await store.saveAlerts([...open, ...cleared]);
        await store.saveAlerts([]);
        const acknowledged = {
          ...open[0]!,
          acknowledgedAt: base + 6,
          severity: 'CRITICAL' as const,
        };
        await store.saveAlerts([acknowledged]);
        const recent = await store.recentAlerts(2);
        const mine = new Set([...open, ...cleared].map((a) => a.id));
        // Other tests' alerts may be listed too; among this test's, exactly these, in this order.
        const listed = recent.filter((a) => mine.has(a.id));
        const newestCleared = recent.filter((a) => a.clearedAt !== null);
        expect(newestCleared.length).toBeLessThanOrEqual(2);
        expect(listed).toEqual(
          [open[1]!, cleared[2]!, cleared[1]!, acknowledged].sort(
            (x, y) => y.raisedAt - x.raisedAt,
          ),
        );
      });

      it('keeps settings, and forgets one set to null', async () => {
        const key = `tiles.path.${randomUUID()}`;
        expect(await store.getSetting(key)).toBeNull();
        await store.putSetting(key, '/maps/kandahar “z12”.pmtiles');
        await store.putSetting(key, '/maps/other.pmtiles');
        expect(await store.getSetting(key)).toBe('/maps/other.pmtiles');
        await store.putSetting(key, null);
        expect(await store.getSetting(key)).toBeNull();
      });

      it('keeps one simulator checkpoint, the last saved', async () => {
        const first = {
          seed: 2 ** 31 - 1,
          convoys: 4,
          dronesPerConvoy: 500,
          timeScale: 0.5,
          engagementsPerDroneHour: 12.5,
          startTime: T0,
          simTime: T0 + 123_456,
          running: true,
        };
        await store.saveSimulatorCheckpoint(first);
        expect(await store.loadSimulatorCheckpoint()).toEqual(first);
        const second = { ...first, seed: 7, running: false, simTime: T0 + 999 };
        await store.saveSimulatorCheckpoint(second);
        expect(await store.loadSimulatorCheckpoint()).toEqual(second);
      });
    });

    it('reports its health', () => {
      expect(store.health()).toMatchObject({ kind: store.kind, state: 'up' });
    });
  });
}
