import { describe, expect, it } from 'vitest';
import { DEFAULT_AOR, PROXIMITY_VERTICAL_M } from '../../src-shared/constants';
import {
  alertKey,
  evaluateAlerts,
  type AlertThresholds,
  type DroneSnapshot,
} from '../../src-main/domain/alertRules';
import { destination } from '../../src-main/domain/geo';

const T: AlertThresholds = {
  lowFuelPct: 25,
  proximityM: 300,
  linkDegradedMs: 3000,
  linkLostMs: 60000,
};
const NOW = 1_800_000_000_000;
const CONVOY = '11111111-1111-4111-8111-111111111111';
const aor = () => DEFAULT_AOR.bbox;

let n = 0;
function drone(over: Partial<DroneSnapshot> = {}): DroneSnapshot {
  n++;
  return {
    droneId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    convoyId: CONVOY,
    callsign: `D-${n}`,
    lat: 34 + n * 0.1,
    lon: 66,
    altitudeM: 3000,
    fuelPct: 80,
    status: 'AIRBORNE',
    recordedAt: NOW,
    ...over,
  };
}
const kinds = (drones: DroneSnapshot[], open: string[] = []) =>
  evaluateAlerts(drones, NOW, aor, T, new Set(open)).map((c) => c.kind);

describe('alert rules', () => {
  it('raises nothing for a healthy fleet', () => {
    expect(kinds([drone(), drone(), drone()])).toEqual([]);
  });

  it('raises low fuel below the threshold, critical below 10%, and not on the ground', () => {
    const low = drone({ fuelPct: 24 });
    const [c] = evaluateAlerts([low], NOW, aor, T, new Set());
    expect(c).toMatchObject({
      kind: 'LOW_FUEL',
      severity: 'WARNING',
      droneIds: [low.droneId],
      convoyId: CONVOY,
    });
    expect(c!.message).toContain('24%');
    expect(evaluateAlerts([drone({ fuelPct: 9 })], NOW, aor, T, new Set())[0]!.severity).toBe(
      'CRITICAL',
    );
    expect(kinds([drone({ fuelPct: 5, status: 'LANDED' })])).toEqual([]);
    expect(kinds([drone({ fuelPct: 25 })])).toEqual([]);
  });

  it('keeps an open low-fuel alert until fuel is past the threshold by a margin', () => {
    const d = drone({ fuelPct: 26 });
    expect(kinds([d])).toEqual([]);
    expect(kinds([d], [alertKey('LOW_FUEL', [d.droneId])])).toEqual(['LOW_FUEL']);
    expect(kinds([{ ...d, fuelPct: 27.5 }], [alertKey('LOW_FUEL', [d.droneId])])).toEqual([]);
  });

  it('grades link age: degraded after 3 s, lost after 60 s, nothing for a landed drone', () => {
    expect(kinds([drone({ recordedAt: NOW - 3000 })])).toEqual([]);
    expect(kinds([drone({ recordedAt: NOW - 3001 })])).toEqual(['LINK_DEGRADED']);
    expect(kinds([drone({ recordedAt: NOW - 60_000 })])).toEqual(['LINK_DEGRADED']);
    expect(kinds([drone({ recordedAt: NOW - 60_001 })])).toEqual(['LINK_LOST']);
    expect(kinds([drone({ recordedAt: NOW - 60_001, status: 'LOST' })])).toEqual(['LINK_LOST']);
    expect(kinds([drone({ recordedAt: NOW - 600_000, status: 'LANDED' })])).toEqual([]);
  });

  it('raises proximity once per close pair within the vertical band', () => {
    const a = drone({ lat: 33, lon: 66 });
    const b = drone({
      ...destination(a, 45, 250),
      altitudeM: a.altitudeM + PROXIMITY_VERTICAL_M - 1,
    });
    const far = drone({ ...destination(a, 45, 350) });
    const above = drone({
      ...destination(a, 90, 100),
      altitudeM: a.altitudeM + PROXIMITY_VERTICAL_M,
    });
    const conditions = evaluateAlerts([a, b, far, above], NOW, aor, T, new Set());
    const proximity = conditions.filter((c) => c.kind === 'PROXIMITY');
    // a–b is close and within the band; b–far is 100 m apart too, by construction.
    const pairs = proximity.map((c) => c.key).sort();
    expect(pairs).toContain(alertKey('PROXIMITY', [a.droneId, b.droneId]));
    expect(pairs).not.toContain(alertKey('PROXIMITY', [a.droneId, far.droneId]));
    expect(pairs).not.toContain(alertKey('PROXIMITY', [a.droneId, above.droneId]));
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(
      proximity.find((c) => c.key === alertKey('PROXIMITY', [a.droneId, b.droneId]))!.message,
    ).toMatch(/250 m apart/);
  });

  it('keeps an open proximity alert until the pair is 20% past the distance', () => {
    const a = drone({ lat: 33, lon: 66 });
    const b = drone({ ...destination(a, 0, 330) });
    const key = alertKey('PROXIMITY', [a.droneId, b.droneId]);
    expect(kinds([a, b])).toEqual([]);
    expect(kinds([a, b], [key])).toEqual(['PROXIMITY']);
    expect(kinds([a, { ...b, ...destination(a, 0, 370) }], [key])).toEqual([]);
  });

  it('finds every close pair that brute force finds, in a dense random fleet', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const fleet = Array.from({ length: 400 }, () =>
      drone({ lat: 34 + rnd() * 0.3, lon: 68 + rnd() * 0.3, altitudeM: 3000 + rnd() * 200 }),
    );
    const found = new Set(
      evaluateAlerts(fleet, NOW, aor, T, new Set())
        .filter((c) => c.kind === 'PROXIMITY')
        .map((c) => c.key),
    );
    let expected = 0;
    for (let i = 0; i < fleet.length; i++) {
      for (let j = i + 1; j < fleet.length; j++) {
        const a = fleet[i]!;
        const b = fleet[j]!;
        const r = 6_371_008.8;
        const rad = Math.PI / 180;
        const h =
          Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
          Math.cos(a.lat * rad) *
            Math.cos(b.lat * rad) *
            Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
        const d = 2 * r * Math.asin(Math.sqrt(h));
        if (d < 300 && Math.abs(a.altitudeM - b.altitudeM) < PROXIMITY_VERTICAL_M) {
          expected++;
          expect(found.has(alertKey('PROXIMITY', [a.droneId, b.droneId]))).toBe(true);
        }
      }
    }
    expect(found.size).toBe(expected);
    // Spread enough to stay under the cap, so every pair must be found.
    expect(expected).toBeGreaterThan(5);
    expect(expected).toBeLessThan(50);
  });

  it('raises a geofence alert for an airborne drone outside its convoy AOR', () => {
    expect(kinds([drone({ lat: 28.9, lon: 66 })])).toEqual(['GEOFENCE']);
    expect(kinds([drone({ lat: 28.9, lon: 66, status: 'LANDED' })])).toEqual([]);
    expect(evaluateAlerts([drone({ lat: 28.9 })], NOW, () => undefined, T, new Set())).toEqual([]);
  });
});

describe('proximity in a packed formation', () => {
  it('raises at most MAX_PROXIMITY_ALERTS, the closest pairs, keeping open ones first', async () => {
    const { MAX_PROXIMITY_ALERTS } = await import('../../src-main/domain/alertRules');
    const centre = { lat: 33, lon: 66 };
    // 60 drones on a 100 m ring: every pair is within 300 m, 1,770 pairs in all.
    const packed = Array.from({ length: 60 }, (_, i) =>
      drone({ ...destination(centre, i * 6, 50 + i) }),
    );
    const first = evaluateAlerts(packed, NOW, aor, T, new Set()).filter(
      (c) => c.kind === 'PROXIMITY',
    );
    expect(first).toHaveLength(MAX_PROXIMITY_ALERTS);
    const open = new Set(first.map((c) => c.key));
    // The same formation again, with those open: the same pairs stay (no churn at the cap).
    const again = evaluateAlerts(packed, NOW, aor, T, open).filter((c) => c.kind === 'PROXIMITY');
    expect(new Set(again.map((c) => c.key))).toEqual(open);
  });
});
