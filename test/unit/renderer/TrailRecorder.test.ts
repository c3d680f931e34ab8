import { describe, expect, it, vi } from 'vitest';
import { TRAIL_WINDOW_MS, TrailRecorder } from '../../../src-renderer/map/TrailRecorder';
import { mercatorX, mercatorY } from '../../../src-renderer/map/mercator';
import { TelemetryBuffer } from '../../../src-renderer/state/telemetryBuffer';
import { telemetryFrame, type DroneSample } from './telemetryFrames';

// Simulation time 0 means "no frame yet" to the recorder, so tests fly at a realistic epoch.
const T0 = 1_700_000_000_000;
const LAT = 34.5;
/** About 9 m of longitude a second: well above "standing still", far below a jump. */
const lonAt = (seconds: number): number => 69 + seconds * 0.0001;

interface Point {
  x: number;
  y: number;
  t: number;
}

function setup(): { telemetry: TelemetryBuffer; recorder: TrailRecorder } {
  const telemetry = new TelemetryBuffer();
  const recorder = new TrailRecorder(telemetry);
  recorder.start();
  return { telemetry, recorder };
}

function at(telemetry: TelemetryBuffer, seconds: number, drones: DroneSample[]): void {
  telemetry.apply(telemetryFrame(T0 + seconds * 1000, drones));
}

/** Flies slot 0 east at a steady heading, one frame a second, over [from, to] seconds. */
function flyStraight(telemetry: TelemetryBuffer, from: number, to: number): void {
  for (let s = from; s <= to; s++) at(telemetry, s, [{ slot: 0, lat: LAT, lon: lonAt(s) }]);
}

/** The points of one slot, oldest first, read the way TrailLayer reads the ring. */
function trail(recorder: TrailRecorder, slot: number): Point[] {
  const points: Point[] = [];
  const n = recorder.count[slot] ?? 0;
  const first = recorder.oldest[slot] ?? 0;
  for (let k = 0; k < n; k++) {
    const i = slot * TrailRecorder.CAPACITY + ((first + k) % TrailRecorder.CAPACITY);
    points.push({ x: recorder.x[i] ?? NaN, y: recorder.y[i] ?? NaN, t: recorder.time[i] ?? NaN });
  }
  return points;
}

const seconds = (points: readonly Point[]): number[] => points.map((p) => (p.t - T0) / 1000);

describe('TrailRecorder', () => {
  it('records a drone at once, in Web Mercator and simulation time', () => {
    const { telemetry, recorder } = setup();
    at(telemetry, 0, [{ slot: 3, lat: LAT, lon: 69 }]);
    const [point, ...rest] = trail(recorder, 3);
    expect(rest).toEqual([]);
    expect(point?.x).toBeCloseTo(mercatorX(69), 12);
    expect(point?.y).toBeCloseTo(mercatorY(LAT), 12);
    expect(point?.t).toBe(T0);
  });

  it('on a straight course keeps a point every 10 s, from the start of the track', () => {
    const { telemetry, recorder } = setup();
    flyStraight(telemetry, 0, 65);
    const points = trail(recorder, 0);
    expect(seconds(points)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(points[0]?.x).toBeCloseTo(mercatorX(lonAt(0)), 12);
    expect(points.at(-1)?.x).toBeCloseTo(mercatorX(lonAt(60)), 12);
  });

  it('in a turn keeps a point as soon as 2 s have passed and the heading moved 12° or more', () => {
    const { telemetry, recorder } = setup();
    const fly = (s: number, headingDeg: number): void =>
      at(telemetry, s, [{ slot: 0, lat: LAT, lon: lonAt(s), headingDeg }]);
    fly(0, 0);
    fly(1, 90); // turned, but too soon
    fly(2, 90); // turned, and 2 s on
    fly(4, 95);
    fly(6, 101); // 11° from the last point's heading: still straight
    fly(8, 102); // 12°: a turn
    expect(seconds(trail(recorder, 0))).toEqual([0, 2, 8]);
  });

  it.each([
    [355, 5, false],
    [350, 5, true],
    [5, 350, true],
    [180, 190, false],
  ])('measures the turn from %i° to %i° across north (turn: %s)', (from, to, turned) => {
    const { telemetry, recorder } = setup();
    at(telemetry, 0, [{ slot: 0, lat: LAT, lon: lonAt(0), headingDeg: from }]);
    at(telemetry, 3, [{ slot: 0, lat: LAT, lon: lonAt(3), headingDeg: to }]);
    expect(recorder.count[0]).toBe(turned ? 2 : 1);
  });

  it('adds nothing while a drone stands still, however long and whatever its heading', () => {
    const { telemetry, recorder } = setup();
    for (let s = 0; s <= 120; s += 5) {
      at(telemetry, s, [{ slot: 0, lat: LAT, lon: 69, headingDeg: (s * 7) % 360 }]);
    }
    expect(seconds(trail(recorder, 0))).toEqual([0]);
  });

  it('starts the trail over after a jump rather than drawing a line across it', () => {
    const { telemetry, recorder } = setup();
    flyStraight(telemetry, 0, 30);
    at(telemetry, 31, [{ slot: 0, lat: LAT, lon: 70 }]);
    const points = trail(recorder, 0);
    expect(seconds(points)).toEqual([31]);
    expect(points[0]?.x).toBeCloseTo(mercatorX(70), 12);
  });

  it('keeps at most CAPACITY points, dropping the oldest', () => {
    const { telemetry, recorder } = setup();
    // A zig-zag keeps a point every 2 s: 100 of them within the 5-minute window.
    for (let i = 0; i < 100; i++) {
      const s = i * 2;
      at(telemetry, s, [{ slot: 0, lat: LAT, lon: lonAt(s), headingDeg: i % 2 === 0 ? 0 : 90 }]);
    }
    const points = trail(recorder, 0);
    expect(points).toHaveLength(TrailRecorder.CAPACITY);
    const expected = Array.from({ length: TrailRecorder.CAPACITY }, (_, k) => (100 - 64 + k) * 2);
    expect(seconds(points)).toEqual(expected);
    expect(points.at(-1)?.x).toBeCloseTo(mercatorX(lonAt(198)), 12);
  });

  it('forgets points older than the five-minute window', () => {
    const { telemetry, recorder } = setup();
    flyStraight(telemetry, 0, 600);
    const points = trail(recorder, 0);
    expect(points[0]?.t).toBe(T0 + 600_000 - TRAIL_WINDOW_MS);
    expect(seconds(points)).toEqual(Array.from({ length: 31 }, (_, k) => 300 + k * 10));
  });

  it('lets the trail of a drone that stopped fade out down to where it stands', () => {
    const { telemetry, recorder } = setup();
    flyStraight(telemetry, 0, 60);
    const parked = { slot: 0, lat: LAT, lon: lonAt(60) };
    at(telemetry, 330, [parked]);
    expect(seconds(trail(recorder, 0))).toEqual([30, 40, 50, 60]);
    at(telemetry, 400, [parked]);
    const points = trail(recorder, 0);
    expect(seconds(points)).toEqual([400]);
    expect(points[0]?.x).toBeCloseTo(mercatorX(lonAt(60)), 12);
  });

  it('keeps bounds of the points it holds, shrinking as points expire', () => {
    const { telemetry, recorder } = setup();
    flyStraight(telemetry, 0, 60);
    expect(recorder.minX[0]).toBeCloseTo(mercatorX(lonAt(0)), 12);
    expect(recorder.maxX[0]).toBeCloseTo(mercatorX(lonAt(60)), 12);
    expect(recorder.minY[0]).toBeCloseTo(mercatorY(LAT), 12);
    expect(recorder.maxY[0]).toBeCloseTo(mercatorY(LAT), 12);
    at(telemetry, 330, [{ slot: 0, lat: LAT, lon: lonAt(60) }]);
    expect(recorder.minX[0]).toBeCloseTo(mercatorX(lonAt(30)), 12);
  });

  it('drops the trail of a drone a full frame no longer lists', () => {
    const { telemetry, recorder } = setup();
    at(telemetry, 0, [
      { slot: 0, lon: lonAt(0) },
      { slot: 1, lon: lonAt(0) },
    ]);
    const listener = vi.fn();
    recorder.subscribe(listener);
    telemetry.apply(telemetryFrame(T0 + 1000, [{ slot: 1, lon: lonAt(0) }], { full: true }));
    expect(recorder.count[0]).toBe(0);
    expect(recorder.count[1]).toBe(1);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('starts over when simulation time goes back (a restarted simulator, a replay seek)', () => {
    const { telemetry, recorder } = setup();
    flyStraight(telemetry, 100, 160);
    telemetry.apply(telemetryFrame(T0, [{ slot: 0, lat: LAT, lon: lonAt(0) }], { full: true }));
    expect(seconds(trail(recorder, 0))).toEqual([0]);
  });

  it('keeps trails when a high slot makes it grow', () => {
    const { telemetry, recorder } = setup();
    flyStraight(telemetry, 0, 20);
    at(telemetry, 21, [{ slot: 700, lon: 65 }]);
    expect(recorder.size).toBeGreaterThan(700);
    expect(seconds(trail(recorder, 0))).toEqual([0, 10, 20]);
    expect(seconds(trail(recorder, 700))).toEqual([21]);
  });

  it('clear() forgets every trail, tells listeners, and records afresh from the next frame', () => {
    const { telemetry, recorder } = setup();
    flyStraight(telemetry, 0, 30);
    const listener = vi.fn();
    recorder.subscribe(listener);
    recorder.clear();
    expect(recorder.count[0]).toBe(0);
    expect(listener).toHaveBeenCalledTimes(1);
    // Even a frame at the same simulation time as the last sample is recorded after a clear.
    at(telemetry, 30, [{ slot: 0, lat: LAT, lon: lonAt(30) }]);
    expect(seconds(trail(recorder, 0))).toEqual([30]);
  });

  it('tells listeners only when a trail changed', () => {
    const { telemetry, recorder } = setup();
    const listener = vi.fn();
    const unsubscribe = recorder.subscribe(listener);
    flyStraight(telemetry, 0, 25);
    expect(listener).toHaveBeenCalledTimes(3); // the points at 0, 10 and 20 s
    at(telemetry, 25, [{ slot: 0, lat: LAT, lon: lonAt(25) }]); // same time again
    unsubscribe();
    flyStraight(telemetry, 26, 40);
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('records only between start() and stop(), and a second start() does not double up', () => {
    const telemetry = new TelemetryBuffer();
    const recorder = new TrailRecorder(telemetry);
    at(telemetry, 0, [{ slot: 0 }]);
    expect(recorder.size).toBe(0);

    recorder.start();
    recorder.start();
    const listener = vi.fn();
    recorder.subscribe(listener);
    at(telemetry, 1, [{ slot: 0, lat: LAT, lon: lonAt(1) }]);
    expect(listener).toHaveBeenCalledTimes(1);

    recorder.stop();
    flyStraight(telemetry, 2, 40);
    expect(seconds(trail(recorder, 0))).toEqual([1]);
  });
});
