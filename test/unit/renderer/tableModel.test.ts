import { describe, expect, it } from 'vitest';
import { DEFAULT_LOW_FUEL_PCT } from '../../../src-shared/constants';
import {
  buildRows,
  clickSelection,
  filterRows,
  sortRows,
  type DroneRow,
} from '../../../src-renderer/panels/DroneTable/tableModel';
import { DroneLiveBuffer } from '../../../src-renderer/state/droneLiveBuffer';
import {
  DEFAULT_DRONE_TABLE_VIEW,
  type DroneIndexEntry,
  type DroneSortKey,
  type DroneStats,
  type DroneTableView,
} from '../../../src-renderer/state/gcsStore';
import { TelemetryBuffer } from '../../../src-renderer/state/telemetryBuffer';
import { telemetryFrame } from './telemetryFrames';

function row(over: Partial<DroneRow> & Pick<DroneRow, 'droneId'>): DroneRow {
  return {
    callsign: over.droneId.toUpperCase(),
    convoyId: 'c-1',
    convoyCallsign: 'VIPER',
    status: 'AIRBORNE',
    fuelPct: 80,
    altitudeM: 5000,
    speedMps: 60,
    waypoint: 3,
    linkAgeMs: 500,
    accuracyPct: 70,
    engagements: 10,
    hits: 7,
    streak: 2,
    ...over,
  };
}

const view = (over: Partial<DroneTableView>): DroneTableView => ({
  ...DEFAULT_DRONE_TABLE_VIEW,
  ...over,
});

const ids = (rows: readonly DroneRow[]): string[] => rows.map((r) => r.droneId);

describe('buildRows', () => {
  const drones: DroneIndexEntry[] = [
    { index: 0, droneId: 'd-0', convoyId: 'c-1', callsign: 'HAWK-1' },
    { index: 3, droneId: 'd-3', convoyId: 'c-2', callsign: 'HAWK-2' },
    { index: 7, droneId: 'd-7', convoyId: 'c-9', callsign: 'HAWK-3' },
  ];
  const stats = new Map<string, DroneStats>([
    [
      'd-3',
      {
        accuracyPct: 62.5,
        totalEngagements: 8,
        successfulHits: 5,
        currentStreak: 1,
        bestStreak: 3,
      },
    ],
  ]);
  const convoyCallsigns = new Map([
    ['c-1', 'VIPER'],
    ['c-2', 'COBRA'],
  ]);

  function buffers(): { telemetry: TelemetryBuffer; live: DroneLiveBuffer } {
    const telemetry = new TelemetryBuffer();
    const live = new DroneLiveBuffer();
    for (const f of [
      // Slot 0 is first seen in a full frame: its link age is unknown until it reports again.
      telemetryFrame(10_000, [{ slot: 0 }, { slot: 3 }], { full: true }),
      telemetryFrame(11_000, [
        {
          slot: 3,
          status: 'ENGAGING',
          fuelPct: 42.5,
          altitudeM: 3200,
          speedMps: 55.5,
          waypoint: 12,
        },
      ]),
      telemetryFrame(12_500, []),
    ]) {
      telemetry.apply(f);
      live.apply(f);
    }
    return { telemetry, live };
  }

  it('reads live values by index slot, keeping index order', () => {
    const { telemetry, live } = buffers();
    const rows = buildRows(drones, telemetry, live, stats, convoyCallsigns);
    expect(ids(rows)).toEqual(['d-0', 'd-3', 'd-7']);
    expect(rows[1]).toEqual({
      droneId: 'd-3',
      callsign: 'HAWK-2',
      convoyId: 'c-2',
      convoyCallsign: 'COBRA',
      status: 'ENGAGING',
      fuelPct: 42.5,
      altitudeM: 3200,
      speedMps: 55.5,
      waypoint: 12,
      linkAgeMs: 1500,
      accuracyPct: 62.5,
      engagements: 8,
      hits: 5,
      streak: 1,
    });
  });

  it('has an unknown link age for a drone only seen in a full frame', () => {
    const { telemetry, live } = buffers();
    const [first] = buildRows(drones, telemetry, live, stats, convoyCallsigns);
    expect(first?.status).toBe('AIRBORNE');
    expect(first?.linkAgeMs).toBeNull();
  });

  it('leaves live values and stats null for a drone with no telemetry or record', () => {
    const { telemetry, live } = buffers();
    const last = buildRows(drones, telemetry, live, stats, convoyCallsigns)[2];
    expect(last).toMatchObject({
      convoyCallsign: '—',
      status: null,
      fuelPct: null,
      altitudeM: null,
      speedMps: null,
      waypoint: null,
      linkAgeMs: null,
      accuracyPct: null,
      engagements: null,
      hits: null,
      streak: null,
    });
  });

  it('treats a slot the live buffer has not seen under the current index as unknown', () => {
    const { telemetry, live } = buffers();
    // A new index version renumbers slots; until the drone reports under it, its values are stale.
    live.apply(telemetryFrame(13_000, [], { indexVersion: 2 }));
    const rows = buildRows(drones, telemetry, live, stats, convoyCallsigns);
    expect(rows.map((r) => r.status)).toEqual([null, null, null]);
  });
});

describe('filterRows', () => {
  const rows = [
    row({ droneId: 'a', convoyId: 'c-1', status: 'AIRBORNE', fuelPct: 90, accuracyPct: 95 }),
    row({ droneId: 'b', convoyId: 'c-1', status: 'RTB', fuelPct: DEFAULT_LOW_FUEL_PCT }),
    row({ droneId: 'c', convoyId: 'c-2', status: 'LOITER', fuelPct: 24.9, accuracyPct: 40 }),
    row({ droneId: 'd', convoyId: 'c-2', status: null, fuelPct: null, accuracyPct: null }),
    row({ droneId: 'e', convoyId: 'c-2', status: 'AIRBORNE', fuelPct: 5, accuracyPct: 0 }),
  ];

  it('keeps everything under the default view', () => {
    expect(ids(filterRows(rows, DEFAULT_DRONE_TABLE_VIEW))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('filters by convoy', () => {
    expect(ids(filterRows(rows, view({ convoyId: 'c-2' })))).toEqual(['c', 'd', 'e']);
    expect(filterRows(rows, view({ convoyId: 'nope' }))).toEqual([]);
  });

  it('filters by status, leaving out drones with no status yet', () => {
    expect(ids(filterRows(rows, view({ status: 'AIRBORNE' })))).toEqual(['a', 'e']);
  });

  it('low fuel means strictly below the alert threshold, with fuel known', () => {
    expect(ids(filterRows(rows, view({ lowFuelOnly: true })))).toEqual(['c', 'e']);
  });

  it('fuel bounds are inclusive and leave out unknown fuel', () => {
    expect(ids(filterRows(rows, view({ fuelMin: 24.9, fuelMax: 90 })))).toEqual(['a', 'b', 'c']);
    expect(ids(filterRows(rows, view({ fuelMax: 24.9 })))).toEqual(['c', 'e']);
    expect(ids(filterRows(rows, view({ fuelMin: 25 })))).toEqual(['a', 'b']);
  });

  it('accuracy bounds work alone and together, leaving out unknown accuracy', () => {
    expect(ids(filterRows(rows, view({ accuracyMin: 70 })))).toEqual(['a', 'b']);
    expect(ids(filterRows(rows, view({ accuracyMax: 40 })))).toEqual(['c', 'e']);
    expect(ids(filterRows(rows, view({ accuracyMin: 0, accuracyMax: 0 })))).toEqual(['e']);
    expect(filterRows(rows, view({ accuracyMin: 80, accuracyMax: 50 }))).toEqual([]);
  });

  it('combines every filter', () => {
    const v = view({ convoyId: 'c-2', status: 'AIRBORNE', lowFuelOnly: true, accuracyMax: 10 });
    expect(ids(filterRows(rows, v))).toEqual(['e']);
  });

  it('does not touch the input', () => {
    const before = ids(rows);
    filterRows(rows, view({ convoyId: 'c-1' }));
    expect(ids(rows)).toEqual(before);
  });
});

describe('sortRows', () => {
  const NUMERIC: ReadonlyArray<[DroneSortKey, keyof DroneRow]> = [
    ['fuel', 'fuelPct'],
    ['altitude', 'altitudeM'],
    ['speed', 'speedMps'],
    ['accuracy', 'accuracyPct'],
    ['engagements', 'engagements'],
    ['hits', 'hits'],
    ['streak', 'streak'],
    ['waypoint', 'waypoint'],
    ['link', 'linkAgeMs'],
  ];

  describe.each(NUMERIC)('by %s', (key, field) => {
    // Callsigns run against the values so a sort that fell back to callsign would show.
    const rows = (): DroneRow[] => [
      row({ droneId: 'n', callsign: 'A', [field]: null }),
      row({ droneId: 'p', callsign: 'B', [field]: 30 }),
      row({ droneId: 'q', callsign: 'C', [field]: -2 }),
      row({ droneId: 'r', callsign: 'D', [field]: 0 }),
      row({ droneId: 's', callsign: 'E', [field]: 1000 }),
    ];

    it('ascending, unknown last', () => {
      expect(ids(sortRows(rows(), key, 'asc'))).toEqual(['q', 'r', 'p', 's', 'n']);
    });

    it('descending, unknown still last', () => {
      expect(ids(sortRows(rows(), key, 'desc'))).toEqual(['s', 'p', 'r', 'q', 'n']);
    });
  });

  it('by status: by name, unknown last in both directions', () => {
    const rows = (): DroneRow[] => [
      row({ droneId: 'a', callsign: 'A', status: null }),
      row({ droneId: 'b', callsign: 'B', status: 'RTB' }),
      row({ droneId: 'c', callsign: 'C', status: 'AIRBORNE' }),
      row({ droneId: 'd', callsign: 'D', status: 'LOST' }),
    ];
    expect(ids(sortRows(rows(), 'status', 'asc'))).toEqual(['c', 'd', 'b', 'a']);
    expect(ids(sortRows(rows(), 'status', 'desc'))).toEqual(['b', 'd', 'c', 'a']);
  });

  it('by convoy callsign, numerically, then by drone callsign within a convoy', () => {
    const rows = (): DroneRow[] => [
      row({ droneId: 'a', callsign: 'HAWK-2', convoyCallsign: 'VIPER-10' }),
      row({ droneId: 'b', callsign: 'HAWK-1', convoyCallsign: 'VIPER-9' }),
      row({ droneId: 'c', callsign: 'HAWK-10', convoyCallsign: 'VIPER-10' }),
      row({ droneId: 'd', callsign: 'HAWK-3', convoyCallsign: 'COBRA' }),
    ];
    expect(ids(sortRows(rows(), 'convoy', 'asc'))).toEqual(['d', 'b', 'a', 'c']);
    // Ties keep ascending callsign order whichever way the column is sorted.
    expect(ids(sortRows(rows(), 'convoy', 'desc'))).toEqual(['a', 'c', 'b', 'd']);
  });

  it('by callsign with numeric collation: HAWK-1-2 before HAWK-1-10', () => {
    const rows = (): DroneRow[] =>
      ['HAWK-1-10', 'HAWK-10-1', 'HAWK-1-2', 'HAWK-2-1', 'HAWK-9'].map((callsign, i) =>
        row({ droneId: `d${i}`, callsign }),
      );
    const callsigns = (r: readonly DroneRow[]): string[] => r.map((x) => x.callsign);
    const expected = ['HAWK-1-2', 'HAWK-1-10', 'HAWK-2-1', 'HAWK-9', 'HAWK-10-1'];
    expect(callsigns(sortRows(rows(), 'callsign', 'asc'))).toEqual(expected);
    expect(callsigns(sortRows(rows(), 'callsign', 'desc'))).toEqual([...expected].reverse());
  });

  it('breaks ties by callsign, then by id, the same way in both directions', () => {
    const rows = (): DroneRow[] => [
      row({ droneId: 'z', callsign: 'HAWK-10', fuelPct: 50 }),
      row({ droneId: 'y', callsign: 'HAWK-2', fuelPct: 50 }),
      row({ droneId: 'x2', callsign: 'HAWK-2', fuelPct: 50 }),
      row({ droneId: 'w', callsign: 'HAWK-1', fuelPct: 60 }),
    ];
    expect(ids(sortRows(rows(), 'fuel', 'asc'))).toEqual(['x2', 'y', 'z', 'w']);
    expect(ids(sortRows(rows(), 'fuel', 'desc'))).toEqual(['w', 'x2', 'y', 'z']);
  });

  it('orders several unknowns among themselves by callsign', () => {
    const rows = [
      row({ droneId: 'a', callsign: 'HAWK-3', accuracyPct: null }),
      row({ droneId: 'b', callsign: 'HAWK-1', accuracyPct: null }),
      row({ droneId: 'c', callsign: 'HAWK-2', accuracyPct: 10 }),
    ];
    expect(ids(sortRows(rows, 'accuracy', 'desc'))).toEqual(['c', 'b', 'a']);
  });

  it('gives the same order whatever the input order', () => {
    const rows = [
      row({ droneId: 'a', callsign: 'HAWK-1', hits: 3 }),
      row({ droneId: 'b', callsign: 'HAWK-1', hits: 3 }),
      row({ droneId: 'c', callsign: 'HAWK-2', hits: null }),
      row({ droneId: 'd', callsign: 'HAWK-1', hits: 1 }),
    ];
    const forward = ids(sortRows([...rows], 'hits', 'desc'));
    const backward = ids(sortRows([...rows].reverse(), 'hits', 'desc'));
    expect(forward).toEqual(['a', 'b', 'd', 'c']);
    expect(backward).toEqual(forward);
  });

  // Numeric collation reads "01" and "1" as the same number: such values must still tie-break, or
  // the order would be whatever order the rows came in.
  it('convoy callsigns that collate equal ("VIPER-01", "VIPER-1") still tie-break by drone callsign', () => {
    const rows = (): DroneRow[] => [
      row({ droneId: 'a', callsign: 'HAWK-3', convoyCallsign: 'VIPER-01' }),
      row({ droneId: 'b', callsign: 'HAWK-1', convoyCallsign: 'VIPER-1' }),
      row({ droneId: 'c', callsign: 'HAWK-2', convoyCallsign: 'VIPER-01' }),
    ];
    expect(ids(sortRows(rows(), 'convoy', 'asc'))).toEqual(['b', 'c', 'a']);
    expect(ids(sortRows(rows().reverse(), 'convoy', 'asc'))).toEqual(['b', 'c', 'a']);
  });
});

describe('clickSelection', () => {
  const ORDER = ['a', 'b', 'c', 'd', 'e'];
  const plain = { toggle: false, range: false };
  const toggle = { toggle: true, range: false };
  const range = { toggle: false, range: true };
  const both = { toggle: true, range: true };

  it('a plain click selects only the clicked drone and anchors there', () => {
    expect(clickSelection(ORDER, new Set(['a', 'b']), 'a', 'a', 'd', plain)).toEqual({
      ids: ['d'],
      primary: 'd',
      anchor: 'd',
    });
  });

  it('ctrl/cmd-click adds a drone and makes it primary', () => {
    expect(clickSelection(ORDER, new Set(['a']), 'a', 'a', 'c', toggle)).toEqual({
      ids: ['a', 'c'],
      primary: 'c',
      anchor: 'c',
    });
  });

  it('ctrl/cmd-click on a selected drone removes it, keeping another primary', () => {
    expect(clickSelection(ORDER, new Set(['a', 'b', 'c']), 'a', 'a', 'b', toggle)).toEqual({
      ids: ['a', 'c'],
      primary: 'a',
      anchor: 'b',
    });
  });

  it('toggling off the primary hands primary to the most recently added drone left', () => {
    expect(clickSelection(ORDER, new Set(['d', 'a', 'c']), 'c', 'c', 'c', toggle)).toEqual({
      ids: ['d', 'a'],
      primary: 'a',
      anchor: 'c',
    });
  });

  it('toggling off the only drone leaves no selection and no primary', () => {
    expect(clickSelection(ORDER, new Set(['b']), 'b', 'b', 'b', toggle)).toEqual({
      ids: [],
      primary: null,
      anchor: 'b',
    });
  });

  it('shift-click selects the range from the anchor, either direction, keeping the anchor', () => {
    expect(clickSelection(ORDER, new Set(['b']), 'b', 'b', 'd', range)).toEqual({
      ids: ['b', 'c', 'd'],
      primary: 'd',
      anchor: 'b',
    });
    expect(clickSelection(ORDER, new Set(['d']), 'd', 'd', 'a', range)).toEqual({
      ids: ['a', 'b', 'c', 'd'],
      primary: 'a',
      anchor: 'd',
    });
  });

  it('a second shift-click replaces the first range rather than adding to it', () => {
    const first = clickSelection(ORDER, new Set(['c']), 'c', 'c', 'e', range);
    const second = clickSelection(
      ORDER,
      new Set(first.ids),
      first.primary,
      first.anchor,
      'a',
      range,
    );
    expect(second).toEqual({ ids: ['a', 'b', 'c'], primary: 'a', anchor: 'c' });
  });

  it('shift-click on the anchor itself selects just the anchor', () => {
    expect(clickSelection(ORDER, new Set(['a', 'c']), 'a', 'c', 'c', range).ids).toEqual(['c']);
  });

  it('ctrl+shift-click adds the range to the selection', () => {
    const result = clickSelection(ORDER, new Set(['a', 'e']), 'e', 'b', 'd', both);
    expect([...result.ids].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(result.ids).toHaveLength(5);
    expect(result).toMatchObject({ primary: 'd', anchor: 'b' });
  });

  it('takes the range in the current order after a re-sort', () => {
    const first = clickSelection(ORDER, new Set(), null, null, 'c', plain);
    const resorted = ['e', 'c', 'a', 'd', 'b'];
    const result = clickSelection(
      resorted,
      new Set(first.ids),
      first.primary,
      first.anchor,
      'd',
      range,
    );
    expect(result.ids).toEqual(['c', 'a', 'd']);
  });

  it('shift-click without an anchor, or with the anchor filtered out, acts as a plain click', () => {
    expect(clickSelection(ORDER, new Set(['a']), 'a', null, 'c', range)).toEqual({
      ids: ['c'],
      primary: 'c',
      anchor: 'c',
    });
    expect(clickSelection(['a', 'b', 'c'], new Set(['x']), 'x', 'x', 'b', range)).toEqual({
      ids: ['b'],
      primary: 'b',
      anchor: 'b',
    });
  });

  it('ctrl+shift-click with the anchor filtered out toggles the clicked drone', () => {
    expect(clickSelection(['a', 'b', 'c'], new Set(['x']), 'x', 'x', 'b', both)).toEqual({
      ids: ['x', 'b'],
      primary: 'b',
      anchor: 'b',
    });
  });

  it('does not modify the current selection set', () => {
    const current = new Set(['a', 'b']);
    clickSelection(ORDER, current, 'a', 'a', 'b', toggle);
    clickSelection(ORDER, current, 'a', 'a', 'e', both);
    expect([...current]).toEqual(['a', 'b']);
  });
});
