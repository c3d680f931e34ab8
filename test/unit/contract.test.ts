import { describe, expect, it, vi, type Mock } from 'vitest';
import { REQUEST_NAMES, type RequestName } from '../../src-shared/contract';
import { GcsError, GcsErrorBody, notFound } from '../../src-shared/errors';
import { LEADERBOARD_MAX_LIMIT } from '../../src-shared/constants';
import { WEAPON_TYPES } from '../../src-shared/model';
import type { Logger } from '../../src-main/core/logger';
import { dispatch } from '../../src-main/hosts/dispatch';
import type { Handlers } from '../../src-main/hosts/handlers';

/**
 * Contract validation at the host boundary. Every request channel has a row below; a channel
 * added to the contract without one fails both the type check (Record<RequestName, …>) and the
 * first test.
 */

const CONVOY = '3f2b8c1e-6a4d-4c3b-9f1e-2d7a5b8c9e01';
const DRONE = '7a1d2e3f-4b5c-4d6e-8f70-8192a3b4c5d6';
const ROOT = '(root)';

interface BadCase {
  name: string;
  input: unknown;
  /** An issue must carry this path ('(root)' for the whole input). */
  path?: string;
  /** An issue's message must mention this (the name of an unknown key, a limit…). */
  mention?: string;
}
interface ValidCase {
  input: unknown;
  /** What the handler must receive: the parsed input, defaults applied. */
  parsed: unknown;
}
interface ChannelCases {
  valid: ValidCase[];
  bad: BadCase[];
}

/** Whole inputs that are not objects at all. */
const notAnObject: BadCase[] = [
  { name: 'an array', input: [], path: ROOT },
  { name: 'an array of an object', input: [{}], path: ROOT },
  { name: 'a string', input: 'please', path: ROOT },
  { name: 'a number', input: 42, path: ROOT },
  { name: 'a boolean', input: true, path: ROOT },
];

const noInput: ChannelCases = {
  valid: [
    { input: {}, parsed: {} },
    { input: undefined, parsed: {} },
  ],
  bad: [
    { name: 'an unknown key', input: { extra: 1 }, path: ROOT, mention: 'extra' },
    {
      name: 'an id it does not take',
      input: { convoyId: CONVOY },
      path: ROOT,
      mention: 'convoyId',
    },
    ...notAnObject,
  ],
};

function refCases(key: 'convoyId' | 'droneId', other: 'convoyId' | 'droneId'): ChannelCases {
  const id = key === 'convoyId' ? CONVOY : DRONE;
  return {
    valid: [{ input: { [key]: id }, parsed: { [key]: id } }],
    bad: [
      { name: `no ${key}`, input: {}, path: key },
      { name: `a non-UUID ${key}`, input: { [key]: 'convoy-1' }, path: key },
      { name: `a UUID without dashes`, input: { [key]: id.replaceAll('-', '') }, path: key },
      { name: `a UUID with a trailing character`, input: { [key]: `${id}0` }, path: key },
      { name: `an empty ${key}`, input: { [key]: '' }, path: key },
      { name: `a numeric ${key}`, input: { [key]: 42 }, path: key },
      { name: `a null ${key}`, input: { [key]: null }, path: key },
      { name: `an array ${key}`, input: { [key]: [id] }, path: key },
      { name: `the wrong id (${other})`, input: { [other]: id }, path: key, mention: other },
      {
        name: 'an unknown extra key',
        input: { [key]: id, extra: true },
        path: ROOT,
        mention: 'extra',
      },
      { name: 'null', input: null },
      ...notAnObject,
    ],
  };
}

const lb = (over: Record<string, unknown>) => ({ convoyId: CONVOY, ...over });
const eng = (over: Record<string, unknown>) => ({
  convoyId: CONVOY,
  droneId: DRONE,
  hit: true,
  weaponType: 'AGM114_HELLFIRE',
  ...over,
});
const without = (o: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

const leaderboardQuery: ChannelCases = {
  valid: [
    { input: { convoyId: CONVOY }, parsed: { convoyId: CONVOY, limit: 10, offset: 0 } },
    { input: lb({ limit: 1 }), parsed: lb({ limit: 1, offset: 0 }) },
    {
      input: lb({ limit: LEADERBOARD_MAX_LIMIT, offset: 12_345 }),
      parsed: lb({ limit: 500, offset: 12_345 }),
    },
    { input: lb({ offset: 3 }), parsed: lb({ limit: 10, offset: 3 }) },
  ],
  bad: [
    { name: 'limit 0', input: lb({ limit: 0 }), path: 'limit' },
    { name: 'limit 501', input: lb({ limit: 501 }), path: 'limit', mention: '500' },
    { name: 'limit -5', input: lb({ limit: -5 }), path: 'limit' },
    { name: 'a fractional limit', input: lb({ limit: 2.5 }), path: 'limit' },
    { name: 'limit as a string', input: lb({ limit: '10' }), path: 'limit' },
    { name: 'limit null', input: lb({ limit: null }), path: 'limit' },
    { name: 'limit NaN', input: lb({ limit: Number.NaN }), path: 'limit' },
    { name: 'limit Infinity', input: lb({ limit: Number.POSITIVE_INFINITY }), path: 'limit' },
    { name: 'offset -1', input: lb({ offset: -1 }), path: 'offset' },
    { name: 'a fractional offset', input: lb({ offset: 0.5 }), path: 'offset' },
    { name: 'offset as a string', input: lb({ offset: '0' }), path: 'offset' },
    { name: 'no convoyId', input: { limit: 10 }, path: 'convoyId' },
    { name: 'a non-UUID convoyId', input: lb({ convoyId: 'alpha' }), path: 'convoyId' },
    { name: 'an unknown key', input: lb({ page: 2 }), path: ROOT, mention: 'page' },
    { name: 'null', input: null },
    ...notAnObject,
  ],
};

const folderCases = (key: string): BadCase[] => [
  { name: `no ${key}`, input: {}, path: key },
  { name: `an empty ${key}`, input: { [key]: '' }, path: key },
  { name: `a numeric ${key}`, input: { [key]: 7 }, path: key },
  { name: `a 4097-character ${key}`, input: { [key]: '/'.repeat(4097) }, path: key },
  { name: `a ${key} with a NUL`, input: { [key]: '/tmp/a\0b' }, path: key },
];

const EXPORT = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';

const table: Record<RequestName, ChannelCases> = {
  'convoys.list': noInput,
  'convoy.get': refCases('convoyId', 'droneId'),
  'drone.get': refCases('droneId', 'convoyId'),
  'drone.waypoints': refCases('droneId', 'convoyId'),
  'drones.index': noInput,
  'leaderboard.get': leaderboardQuery,
  'engagement.record': {
    valid: [
      { input: eng({}), parsed: eng({}) },
      ...WEAPON_TYPES.map((weaponType) => ({
        input: eng({ weaponType, hit: false }),
        parsed: eng({ weaponType, hit: false }),
      })),
      { input: eng({ targetId: 'T' }), parsed: eng({ targetId: 'T' }) },
      { input: eng({ targetId: 'x'.repeat(128) }), parsed: eng({ targetId: 'x'.repeat(128) }) },
    ],
    bad: [
      { name: 'no convoyId', input: without(eng({}), 'convoyId'), path: 'convoyId' },
      { name: 'no droneId', input: without(eng({}), 'droneId'), path: 'droneId' },
      { name: 'no hit', input: without(eng({}), 'hit'), path: 'hit' },
      { name: 'no weaponType', input: without(eng({}), 'weaponType'), path: 'weaponType' },
      { name: 'a non-UUID convoyId', input: eng({ convoyId: 'c-1' }), path: 'convoyId' },
      { name: 'a non-UUID droneId', input: eng({ droneId: 'REAPER-1' }), path: 'droneId' },
      { name: 'hit as a string', input: eng({ hit: 'true' }), path: 'hit' },
      { name: 'hit as a number', input: eng({ hit: 1 }), path: 'hit' },
      { name: 'an unknown weaponType', input: eng({ weaponType: 'LASER' }), path: 'weaponType' },
      {
        name: 'a lower-case weaponType',
        input: eng({ weaponType: 'gun_30mm' }),
        path: 'weaponType',
      },
      { name: 'an empty targetId', input: eng({ targetId: '' }), path: 'targetId' },
      {
        name: 'a 129-character targetId',
        input: eng({ targetId: 'x'.repeat(129) }),
        path: 'targetId',
      },
      { name: 'a numeric targetId', input: eng({ targetId: 7 }), path: 'targetId' },
      { name: 'a null targetId', input: eng({ targetId: null }), path: 'targetId' },
      { name: 'an unknown key', input: eng({ recordedAt: 5 }), path: ROOT, mention: 'recordedAt' },
      { name: 'null', input: null },
      ...notAnObject,
    ],
  },
  'alerts.list': {
    valid: [
      { input: {}, parsed: { includeCleared: true, limit: 200 } },
      { input: { includeCleared: false }, parsed: { includeCleared: false, limit: 200 } },
      { input: { limit: 1000 }, parsed: { includeCleared: true, limit: 1000 } },
    ],
    bad: [
      { name: 'limit 0', input: { limit: 0 }, path: 'limit' },
      { name: 'limit 1001', input: { limit: 1001 }, path: 'limit' },
      { name: 'a fractional limit', input: { limit: 1.5 }, path: 'limit' },
      {
        name: 'includeCleared as a string',
        input: { includeCleared: 'yes' },
        path: 'includeCleared',
      },
      { name: 'an unknown key', input: { since: 0 }, path: ROOT, mention: 'since' },
      { name: 'null', input: null },
      ...notAnObject,
    ],
  },
  'alert.acknowledge': {
    valid: [{ input: { alertId: DRONE }, parsed: { alertId: DRONE } }],
    bad: [
      { name: 'no alertId', input: {}, path: 'alertId' },
      { name: 'a non-UUID alertId', input: { alertId: 'alert-1' }, path: 'alertId' },
      { name: 'a numeric alertId', input: { alertId: 1 }, path: 'alertId' },
      { name: 'an unknown key', input: { alertId: DRONE, all: true }, path: ROOT, mention: 'all' },
      { name: 'null', input: null },
      ...notAnObject,
    ],
  },
  'mesh.topology': refCases('convoyId', 'droneId'),
  'tiles.status': noInput,
  'tiles.close': noInput,
  'tiles.open': {
    valid: [{ input: { path: '/maps/aor.pmtiles' }, parsed: { path: '/maps/aor.pmtiles' } }],
    bad: [
      { name: 'no path', input: {}, path: 'path' },
      { name: 'an empty path', input: { path: '' }, path: 'path' },
      { name: 'a numeric path', input: { path: 3 }, path: 'path' },
      { name: 'a 4097-character path', input: { path: 'x'.repeat(4097) }, path: 'path' },
      {
        name: 'an unknown key',
        input: { path: '/a', url: 'http://x' },
        path: ROOT,
        mention: 'url',
      },
      { name: 'null', input: null },
      ...notAnObject,
    ],
  },
  'alerts.configure': {
    valid: [
      { input: {}, parsed: {} },
      { input: { lowFuelPct: 101 }, parsed: { lowFuelPct: 101 } },
      { input: { proximityM: 50, lowFuelPct: 0 }, parsed: { proximityM: 50, lowFuelPct: 0 } },
    ],
    bad: [
      { name: 'lowFuelPct -1', input: { lowFuelPct: -1 }, path: 'lowFuelPct' },
      { name: 'lowFuelPct 102', input: { lowFuelPct: 102 }, path: 'lowFuelPct' },
      { name: 'proximityM 0', input: { proximityM: 0 }, path: 'proximityM' },
      { name: 'proximityM as a string', input: { proximityM: '300' }, path: 'proximityM' },
      { name: 'an unknown key', input: { linkLostMs: 1 }, path: ROOT, mention: 'linkLostMs' },
      { name: 'null', input: null },
      ...notAnObject,
    ],
  },
  'simulator.status': noInput,
  'simulator.start': noInput,
  'simulator.stop': noInput,
  'simulator.configure': {
    valid: [
      { input: {}, parsed: {} },
      { input: { timeScale: 0.1 }, parsed: { timeScale: 0.1 } },
      {
        input: {
          seed: 0,
          convoys: 10,
          dronesPerConvoy: 1000,
          timeScale: 64,
          engagementsPerDroneHour: 0,
        },
        parsed: {
          seed: 0,
          convoys: 10,
          dronesPerConvoy: 1000,
          timeScale: 64,
          engagementsPerDroneHour: 0,
        },
      },
      {
        input: { seed: 2 ** 31 - 1, convoys: 64, engagementsPerDroneHour: 3600 },
        parsed: { seed: 2 ** 31 - 1, convoys: 64, engagementsPerDroneHour: 3600 },
      },
    ],
    bad: [
      { name: 'timeScale 0', input: { timeScale: 0 }, path: 'timeScale' },
      { name: 'timeScale 100', input: { timeScale: 100 }, path: 'timeScale' },
      { name: 'timeScale 0.05', input: { timeScale: 0.05 }, path: 'timeScale' },
      { name: 'timeScale as a string', input: { timeScale: '2' }, path: 'timeScale' },
      { name: 'convoys 0', input: { convoys: 0 }, path: 'convoys' },
      { name: 'convoys 65', input: { convoys: 65 }, path: 'convoys' },
      { name: 'fractional convoys', input: { convoys: 1.5 }, path: 'convoys' },
      { name: 'dronesPerConvoy 0', input: { dronesPerConvoy: 0 }, path: 'dronesPerConvoy' },
      { name: 'dronesPerConvoy 1001', input: { dronesPerConvoy: 1001 }, path: 'dronesPerConvoy' },
      { name: 'seed -1', input: { seed: -1 }, path: 'seed' },
      { name: 'seed 2^31', input: { seed: 2 ** 31 }, path: 'seed' },
      { name: 'a fractional seed', input: { seed: 0.5 }, path: 'seed' },
      {
        name: 'negative engagements an hour',
        input: { engagementsPerDroneHour: -1 },
        path: 'engagementsPerDroneHour',
      },
      {
        name: '3601 engagements an hour',
        input: { engagementsPerDroneHour: 3601 },
        path: 'engagementsPerDroneHour',
      },
      {
        name: '20 × 501 drones',
        input: { convoys: 20, dronesPerConvoy: 501 },
        path: ROOT,
        mention: '10000',
      },
      {
        name: '64 × 1000 drones',
        input: { convoys: 64, dronesPerConvoy: 1000 },
        path: ROOT,
        mention: '10000',
      },
      { name: 'an unknown key', input: { running: true }, path: ROOT, mention: 'running' },
      ...notAnObject,
    ],
  },
  'system.health': noInput,
  'cache.stats': noInput,
  'mission.export': {
    valid: [
      { input: { folder: '/missions/m1' }, parsed: { folder: '/missions/m1' } },
      {
        input: { folder: '/m', convoyIds: [CONVOY], fromMs: 0, toMs: 5, name: 'Op. Dawn' },
        parsed: { folder: '/m', convoyIds: [CONVOY], fromMs: 0, toMs: 5, name: 'Op. Dawn' },
      },
    ],
    bad: [
      ...folderCases('folder'),
      { name: 'no convoys', input: { folder: '/m', convoyIds: [] }, path: 'convoyIds' },
      { name: 'a non-UUID convoy', input: { folder: '/m', convoyIds: ['c'] }, path: 'convoyIds.0' },
      { name: 'a negative fromMs', input: { folder: '/m', fromMs: -1 }, path: 'fromMs' },
      { name: 'a fractional toMs', input: { folder: '/m', toMs: 1.5 }, path: 'toMs' },
      {
        name: 'a range that ends first',
        input: { folder: '/m', fromMs: 10, toMs: 5 },
        path: 'fromMs',
        mention: 'after',
      },
      { name: 'an empty name', input: { folder: '/m', name: '' }, path: 'name' },
      {
        name: 'an unknown key',
        input: { folder: '/m', format: 'csv' },
        path: ROOT,
        mention: 'format',
      },
      { name: 'null', input: null },
      ...notAnObject,
    ],
  },
  'mission.export.cancel': {
    valid: [{ input: { exportId: EXPORT }, parsed: { exportId: EXPORT } }],
    bad: [
      { name: 'no exportId', input: {}, path: 'exportId' },
      { name: 'a non-UUID exportId', input: { exportId: 'last' }, path: 'exportId' },
      { name: 'null', input: null },
      ...notAnObject,
    ],
  },
  'mission.exports': noInput,
  'replay.open': {
    valid: [{ input: { folder: '/missions/m1' }, parsed: { folder: '/missions/m1' } }],
    bad: [
      ...folderCases('folder'),
      { name: 'an unknown key', input: { folder: '/m', url: 'x' }, path: ROOT, mention: 'url' },
      { name: 'null', input: null },
      ...notAnObject,
    ],
  },
  'replay.close': noInput,
  'replay.status': noInput,
  'replay.pause': noInput,
  'replay.play': {
    valid: [
      { input: {}, parsed: {} },
      { input: { speed: 0.1 }, parsed: { speed: 0.1 } },
      { input: { speed: 64, reverse: true }, parsed: { speed: 64, reverse: true } },
    ],
    bad: [
      { name: 'speed 0', input: { speed: 0 }, path: 'speed' },
      { name: 'speed 0.05', input: { speed: 0.05 }, path: 'speed' },
      { name: 'speed 65', input: { speed: 65 }, path: 'speed' },
      { name: 'a negative speed', input: { speed: -2 }, path: 'speed' },
      { name: 'speed as a string', input: { speed: '8' }, path: 'speed' },
      { name: 'reverse as a number', input: { reverse: 1 }, path: 'reverse' },
      { name: 'an unknown key', input: { loop: true }, path: ROOT, mention: 'loop' },
      ...notAnObject,
    ],
  },
  'replay.seek': {
    valid: [{ input: { atMs: 1_700_000_000_000 }, parsed: { atMs: 1_700_000_000_000 } }],
    bad: [
      { name: 'no atMs', input: {}, path: 'atMs' },
      { name: 'a negative atMs', input: { atMs: -1 }, path: 'atMs' },
      { name: 'an ISO string', input: { atMs: '2026-01-01T00:00:00Z' }, path: 'atMs' },
      { name: 'null', input: null },
      ...notAnObject,
    ],
  },
  'replay.step': {
    valid: [
      { input: { deltaMs: -10_000 }, parsed: { deltaMs: -10_000 } },
      { input: { deltaMs: 86_400_000 }, parsed: { deltaMs: 86_400_000 } },
    ],
    bad: [
      { name: 'no deltaMs', input: {}, path: 'deltaMs' },
      { name: 'more than a day', input: { deltaMs: 86_400_001 }, path: 'deltaMs' },
      { name: 'a fractional delta', input: { deltaMs: 0.5 }, path: 'deltaMs' },
      ...notAnObject,
    ],
  },
  'replay.markers': {
    valid: [{ input: { bins: 400 }, parsed: { bins: 400 } }],
    bad: [
      { name: 'no bins', input: {}, path: 'bins' },
      { name: 'bins 0', input: { bins: 0 }, path: 'bins' },
      { name: 'bins 4001', input: { bins: 4001 }, path: 'bins' },
      ...notAnObject,
    ],
  },
  'replay.index': noInput,
  'replay.convoys': noInput,
  'replay.convoy': refCases('convoyId', 'droneId'),
  'replay.leaderboard': leaderboardQuery,
  'replay.drone': refCases('droneId', 'convoyId'),
  'replay.waypoints': refCases('droneId', 'convoyId'),
  'replay.mesh': refCases('convoyId', 'droneId'),
  'analytics.report': {
    valid: [
      {
        input: { report: 'hit_rate_by_weapon', source: 'live' },
        parsed: { report: 'hit_rate_by_weapon', source: 'live' },
      },
      {
        input: { report: 'accuracy_over_time', source: 'replay', droneId: DRONE, refresh: true },
        parsed: { report: 'accuracy_over_time', source: 'replay', droneId: DRONE, refresh: true },
      },
    ],
    bad: [
      { name: 'no report', input: { source: 'live' }, path: 'report' },
      {
        name: 'an unknown report',
        input: { report: 'DROP TABLE', source: 'live' },
        path: 'report',
      },
      {
        name: 'an unknown source',
        input: { report: 'hit_rate_by_weapon', source: 'redis' },
        path: 'source',
      },
      {
        name: 'raw SQL',
        input: { report: 'hit_rate_by_weapon', source: 'live', sql: 'SELECT 1' },
        path: ROOT,
        mention: 'sql',
      },
      {
        name: 'a non-UUID convoy',
        input: { report: 'hit_rate_by_weapon', source: 'live', convoyId: "' OR 1=1 --" },
        path: 'convoyId',
      },
      ...notAnObject,
    ],
  },
  'frames.refresh': {
    valid: [
      { input: { stream: 'telemetry.frame' }, parsed: { stream: 'telemetry.frame' } },
      { input: { stream: 'replay.frame' }, parsed: { stream: 'replay.frame' } },
    ],
    bad: [
      { name: 'no stream', input: {}, path: 'stream' },
      { name: 'an unknown stream', input: { stream: 'alert.changed' }, path: 'stream' },
      ...notAnObject,
    ],
  },
  'host.pickFolder': {
    valid: [{ input: { purpose: 'open-mission' }, parsed: { purpose: 'open-mission' } }],
    bad: [
      { name: 'no purpose', input: {}, path: 'purpose' },
      { name: 'an unknown purpose', input: { purpose: 'delete' }, path: 'purpose' },
      ...notAnObject,
    ],
  },
};

function fakeHandlers() {
  const mocks = Object.fromEntries(
    REQUEST_NAMES.map((name) => [
      name,
      vi.fn(async (input: unknown) => ({ answeredBy: name, input })),
    ]),
  ) as Record<RequestName, Mock<(input: unknown) => Promise<unknown>>>;
  return { mocks, handlers: mocks as unknown as Handlers };
}

function fakeLog() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

function expectNothingCalled(mocks: Record<RequestName, Mock>): void {
  for (const name of REQUEST_NAMES) expect(mocks[name], name).not.toHaveBeenCalled();
}

describe('dispatch: the contract at the host boundary', () => {
  it('has cases for every request channel of the contract, and only those', () => {
    expect(Object.keys(table).sort()).toEqual([...REQUEST_NAMES].sort());
    for (const name of REQUEST_NAMES) {
      expect(table[name].valid.length, name).toBeGreaterThan(0);
      // At least the non-object whole inputs plus one channel-specific case.
      expect(table[name].bad.length, name).toBeGreaterThan(notAnObject.length);
    }
  });

  describe.each(REQUEST_NAMES)('%s', (channel) => {
    const cases = table[channel];

    it.each(cases.bad.map((c) => [c.name, c] as const))(
      'rejects %s and calls no handler',
      async (_name, bad) => {
        const { mocks, handlers } = fakeHandlers();
        const log = fakeLog();
        const before = structuredClone(bad.input);
        const envelope = await dispatch(handlers, channel, bad.input, log);

        expect(envelope.ok).toBe(false);
        if (envelope.ok) return;
        expect(GcsErrorBody.safeParse(envelope.error).success).toBe(true);
        expect(envelope.error.code).toBe('INVALID_INPUT');
        expect(envelope.error.message).toContain(channel);
        const issues = envelope.error.issues ?? [];
        expect(issues.length).toBeGreaterThan(0);
        for (const issue of issues) {
          expect(issue.path.length).toBeGreaterThan(0);
          expect(issue.message.length).toBeGreaterThan(0);
        }
        if (bad.path !== undefined) expect(issues.map((i) => i.path)).toContain(bad.path);
        if (bad.mention !== undefined)
          expect(issues.some((i) => i.message.includes(bad.mention!))).toBe(true);

        expectNothingCalled(mocks);
        expect(log.error).not.toHaveBeenCalled();
        expect(bad.input).toEqual(before); // the caller's value is left as it was
      },
    );

    it.each(cases.valid.map((c) => [JSON.stringify(c.input) ?? 'undefined', c] as const))(
      'passes %s to its handler, parsed',
      async (_name, valid) => {
        const { mocks, handlers } = fakeHandlers();
        const log = fakeLog();
        const envelope = await dispatch(handlers, channel, valid.input, log);
        expect(envelope).toEqual({ ok: true, value: { answeredBy: channel, input: valid.parsed } });
        expect(mocks[channel]).toHaveBeenCalledTimes(1);
        expect(mocks[channel]).toHaveBeenCalledWith(valid.parsed);
        for (const other of REQUEST_NAMES)
          if (other !== channel) expect(mocks[other]).not.toHaveBeenCalled();
      },
    );
  });

  it('applies the leaderboard defaults: no limit or offset means limit 10, offset 0', async () => {
    const { mocks, handlers } = fakeHandlers();
    await dispatch(handlers, 'leaderboard.get', { convoyId: CONVOY }, fakeLog());
    expect(mocks['leaderboard.get']).toHaveBeenCalledWith({
      convoyId: CONVOY,
      limit: 10,
      offset: 0,
    });
  });

  it.each([
    'nope',
    '',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'CONVOYS.LIST',
    ' convoys.list',
    'convoys.list\u0000',
    'telemetry.frame', // an event, not a request
  ])('rejects the unknown channel %j', async (channel) => {
    const { mocks, handlers } = fakeHandlers();
    const log = fakeLog();
    const envelope = await dispatch(handlers, channel, {}, log);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('INVALID_INPUT');
    expect(envelope.error.message).toContain(JSON.stringify(channel));
    expect(Array.isArray(envelope.error.issues)).toBe(true);
    expectNothingCalled(mocks);
  });

  it.each([
    [null],
    [undefined],
    [42],
    [{}],
    [['convoys.list']],
    [{ toString: () => 'convoys.list' }],
  ])('rejects a channel that is not a string (%j)', async (channel) => {
    const { mocks, handlers } = fakeHandlers();
    const envelope = await dispatch(handlers, channel, {}, fakeLog());
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expectNothingCalled(mocks);
  });

  // Regression test for a fixed bug (src-main/hosts/dispatch.ts, `input ?? {}`): null is treated like a missing input, so
  // `null` is accepted as `{}` by every channel whose fields are all optional (the no-input
  // channels and simulator.configure) and reaches the handler, e.g. simulator.start runs. The
  // contract rejects null; only `undefined` (no input sent) should default to `{}`.
  it('rejects null as the whole input on every channel', async () => {
    for (const channel of REQUEST_NAMES) {
      const { mocks, handlers } = fakeHandlers();
      const envelope = await dispatch(handlers, channel, null, fakeLog());
      expect(envelope, channel).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expectNothingCalled(mocks);
    }
  });

  describe('handler failures', () => {
    it('passes a GcsError through as its typed error, without logging it', async () => {
      const { mocks, handlers } = fakeHandlers();
      const log = fakeLog();
      mocks['convoy.get'].mockRejectedValueOnce(notFound('convoy', CONVOY));
      const envelope = await dispatch(handlers, 'convoy.get', { convoyId: CONVOY }, log);
      expect(envelope).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: `convoy ${CONVOY} not found` },
      });
      expect(log.error).not.toHaveBeenCalled();
    });

    it('keeps a GcsError’s issues, and catches a synchronous throw too', async () => {
      const { mocks, handlers } = fakeHandlers();
      const issues = [{ path: 'droneId', message: 'not in this convoy' }];
      mocks['engagement.record'].mockImplementationOnce(() => {
        throw new GcsError('INVALID_INPUT', 'drone not in convoy', issues);
      });
      const envelope = await dispatch(handlers, 'engagement.record', eng({}), fakeLog());
      expect(envelope).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'drone not in convoy', issues },
      });
    });

    it('turns any other error into INTERNAL and logs it', async () => {
      const { mocks, handlers } = fakeHandlers();
      const log = fakeLog();
      const boom = new Error('disk on fire');
      mocks['drone.get'].mockRejectedValueOnce(boom);
      const envelope = await dispatch(handlers, 'drone.get', { droneId: DRONE }, log);
      expect(envelope.ok).toBe(false);
      if (envelope.ok) return;
      expect(envelope.error.code).toBe('INTERNAL');
      expect(envelope.error.message).toContain('drone.get');
      expect(envelope.error.message).toContain('disk on fire');
      expect(log.error).toHaveBeenCalledTimes(1);
      expect(log.error.mock.calls[0]?.[0]).toContain('drone.get');
      expect(log.error.mock.calls[0]?.[1]).toBe(boom);
    });

    it('turns a thrown non-Error into INTERNAL too', async () => {
      const { mocks, handlers } = fakeHandlers();
      const log = fakeLog();
      mocks['system.health'].mockRejectedValueOnce('just a string');
      const envelope = await dispatch(handlers, 'system.health', {}, log);
      expect(envelope).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(log.error).toHaveBeenCalledTimes(1);
    });
  });
});
