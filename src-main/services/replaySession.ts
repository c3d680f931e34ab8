import type { DroneIndex, Leaderboard } from '../../src-shared/contract';
import { notFound } from '../../src-shared/errors';
import {
  DRONE_STATUSES,
  type Convoy,
  type ConvoySummary,
  type Drone,
  type LeaderboardEntry,
  type Waypoint,
} from '../../src-shared/model';
import { allocateFrame, type TelemetryFrame, toE7 } from '../../src-shared/telemetryFrame';
import type { MissionReader } from '../analytics/missionReader';
import { emptyColumns, type TelemetryColumns } from '../analytics/telemetryColumns';
import { summarizeConvoy } from '../domain/convoySummary';
import { EngagementTimeline } from '../domain/engagementTimeline';
import { distanceM } from '../domain/geo';
import { accuracyPct, rankAll } from '../domain/ranking';
import { MESH_RANGE_M } from '../simulator/FleetSimulator';

/** Replay drone indexes live apart from the live fleet's, so a frame is never read as the other. */
const REPLAY_INDEX_VERSIONS = 0x4000_0000;
/** A leaderboard's rank change at the cursor: against the board this much mission time earlier. */
export const RANK_CHANGE_WINDOW_MS = 60_000;

/**
 * One opened mission and the state of every drone at the cursor. The state moves forward a
 * window at a time while playing (each drone's newest row in the window replaces its old one)
 * and is rebuilt from the keyframe index on any other move, so reverse play, steps and jumps
 * show exactly the rows at or before the cursor. Engagement records at the cursor come from the
 * engagement timeline; nothing here is stored anywhere.
 */
export class ReplaySession {
  readonly timeline: EngagementTimeline;
  readonly index: DroneIndex;
  cursorMs: number;
  private readonly state: TelemetryColumns;
  private readonly known: Uint8Array;
  /** recordedAt of each drone as last sent in a frame; NaN when not sent since the last reset. */
  private readonly sent: Float64Array;
  private fullFrameDue = true;
  private frameSeq = 0;
  private readonly dronesOfConvoy = new Map<string, number[]>();
  private readonly slotById = new Map<string, number>();

  constructor(
    readonly id: number,
    readonly reader: MissionReader,
  ) {
    const n = reader.drones.length;
    this.state = emptyColumns(n);
    this.known = new Uint8Array(n);
    this.sent = new Float64Array(n).fill(Number.NaN);
    this.timeline = new EngagementTimeline(n, reader.engagements);
    this.cursorMs = reader.startMs;
    this.index = {
      version: (REPLAY_INDEX_VERSIONS + id) >>> 0,
      drones: reader.drones.map((d) => ({
        index: d.index,
        droneId: d.id,
        convoyId: d.convoyId,
        callsign: d.callsign,
      })),
    };
    for (const d of reader.drones) {
      this.slotById.set(d.id, d.index);
      const list = this.dronesOfConvoy.get(d.convoyId) ?? [];
      list.push(d.index);
      this.dronesOfConvoy.set(d.convoyId, list);
    }
  }

  get convoys(): readonly Convoy[] {
    return this.reader.convoys;
  }

  /** Moves the cursor to `t`: forward by one window when `incremental`, else rebuilt at `t`. */
  async moveTo(t: number, incremental: boolean): Promise<void> {
    const target = Math.min(this.reader.endMs, Math.max(this.reader.startMs, t));
    if (incremental && target >= this.cursorMs) {
      this.apply(await this.reader.latestIn(this.cursorMs, target));
    } else {
      const { base, window } = await this.reader.stateAt(target);
      this.known.fill(0);
      if (base) this.apply(base);
      this.apply(window);
      this.fullFrameDue = true;
    }
    this.cursorMs = target;
  }

  private apply(rows: TelemetryColumns): void {
    const s = this.state;
    for (let i = 0; i < rows.count; i++) {
      const slot = rows.index[i]!;
      // Within a window a drone has one row; across a keyframe and its window the newer wins.
      if (this.known[slot] === 1 && s.recordedAt[slot]! > rows.recordedAt[i]!) continue;
      this.known[slot] = 1;
      s.recordedAt[slot] = rows.recordedAt[i]!;
      s.lat[slot] = rows.lat[i]!;
      s.lon[slot] = rows.lon[i]!;
      s.altitudeM[slot] = rows.altitudeM[i]!;
      s.headingDeg[slot] = rows.headingDeg[i]!;
      s.speedMps[slot] = rows.speedMps[i]!;
      s.fuelPct[slot] = rows.fuelPct[i]!;
      s.currentWaypoint[slot] = rows.currentWaypoint[i]!;
      s.distanceToNextKm[slot] = rows.distanceToNextKm[i]!;
      s.meshConnectivity[slot] = rows.meshConnectivity[i]!;
      s.status[slot] = rows.status[i]!;
    }
  }

  /**
   * The drones that changed since the last frame (all of them, as a full frame, after a rebuild),
   * in the live stream's format; null when nothing changed.
   */
  nextFrame(): TelemetryFrame | null {
    const full = this.fullFrameDue;
    const slots: number[] = [];
    for (let slot = 0; slot < this.known.length; slot++) {
      if (this.known[slot] !== 1) continue;
      if (full || this.sent[slot] !== this.state.recordedAt[slot]) slots.push(slot);
    }
    if (!full && slots.length === 0) return null;
    if (full) this.sent.fill(Number.NaN);
    this.fullFrameDue = false;
    const frame = allocateFrame(slots.length);
    frame.seq = ++this.frameSeq;
    frame.indexVersion = this.index.version;
    frame.simTime = this.cursorMs;
    frame.full = full;
    const s = this.state;
    slots.forEach((slot, i) => {
      this.sent[slot] = s.recordedAt[slot]!;
      frame.index[i] = slot;
      frame.latE7[i] = toE7(s.lat[slot]!);
      frame.lonE7[i] = toE7(s.lon[slot]!);
      frame.altitudeM[i] = s.altitudeM[slot]!;
      frame.headingDeg[i] = s.headingDeg[slot]!;
      frame.speedMps[i] = s.speedMps[slot]!;
      frame.fuelPct[i] = s.fuelPct[slot]!;
      frame.meshConnectivity[i] = s.meshConnectivity[slot]!;
      frame.status[i] = s.status[slot]!;
      frame.currentWaypoint[i] = Math.min(255, Math.max(0, s.currentWaypoint[slot]!));
    });
    return frame;
  }

  /** A frame of every drone at the cursor, for a window that (re)connects. */
  fullFrame(): TelemetryFrame | null {
    this.fullFrameDue = true;
    return this.nextFrame();
  }

  private slotOf(droneId: string): number {
    const slot = this.slotById.get(droneId);
    if (slot === undefined) throw notFound('drone', droneId);
    return slot;
  }

  private convoy(convoyId: string): Convoy {
    const convoy = this.reader.convoys.find((c) => c.id === convoyId);
    if (!convoy) throw notFound('convoy', convoyId);
    return convoy;
  }

  /** A drone as `drone.get` describes it, at `at` (its last row at or before the cursor). */
  droneAt(slot: number, at: number = this.cursorMs): Drone {
    const d = this.reader.drones[slot]!;
    const stats = this.timeline.statsAt(slot, at);
    const s = this.state;
    const known = this.known[slot] === 1;
    const firstWaypoint = this.reader.routeStarts.get(d.id);
    return {
      id: d.id,
      convoyId: d.convoyId,
      callsign: d.callsign,
      platformType: d.platformType,
      // Before its first report a drone is shown where its route starts, on the ground.
      status: known ? (DRONE_STATUSES[s.status[slot]!] ?? 'LOST') : 'GROUNDED',
      lat: known ? s.lat[slot]! : (firstWaypoint?.lat ?? 0),
      lon: known ? s.lon[slot]! : (firstWaypoint?.lon ?? 0),
      altitudeM: known ? s.altitudeM[slot]! : 0,
      headingDeg: known ? s.headingDeg[slot]! : 0,
      speedMps: known ? s.speedMps[slot]! : 0,
      fuelPct: known ? s.fuelPct[slot]! : 0,
      currentWaypoint: known ? s.currentWaypoint[slot]! : 0,
      distanceToNextKm: known ? s.distanceToNextKm[slot]! : 0,
      totalEngagements: stats.totalEngagements,
      successfulHits: stats.successfulHits,
      accuracyPct: accuracyPct(stats.successfulHits, stats.totalEngagements),
      currentStreak: stats.currentStreak,
      bestStreak: stats.bestStreak,
      meshConnectivity: known ? s.meshConnectivity[slot]! : 0,
      updatedAt: known ? s.recordedAt[slot]! : this.reader.startMs,
    };
  }

  drone(droneId: string): Drone {
    return this.droneAt(this.slotOf(droneId));
  }

  /** The route as it stood at the cursor: arrivals after it have not happened yet. */
  async waypoints(droneId: string): Promise<Waypoint[]> {
    this.slotOf(droneId);
    const route = await this.reader.waypointsOf(droneId);
    return route.map((w) => ({
      ...w,
      arrivedAt: w.arrivedAt !== null && w.arrivedAt <= this.cursorMs ? w.arrivedAt : null,
    }));
  }

  roster(convoyId: string): Drone[] {
    this.convoy(convoyId);
    return (this.dronesOfConvoy.get(convoyId) ?? []).map((slot) => this.droneAt(slot));
  }

  summary(convoyId: string): ConvoySummary {
    return summarizeConvoy(this.convoy(convoyId), this.roster(convoyId), this.cursorMs);
  }

  summaries(): ConvoySummary[] {
    return this.reader.convoys.map((c) => this.summary(c.id));
  }

  /** Every drone of the convoy ranked by the domain's rules at the cursor. */
  board(convoyId: string): LeaderboardEntry[] {
    this.convoy(convoyId);
    const slots = this.dronesOfConvoy.get(convoyId) ?? [];
    const rankedAt = (at: number) =>
      rankAll(
        slots.map((slot) => {
          const stats = this.timeline.statsAt(slot, at);
          return { slot, droneId: this.reader.drones[slot]!.id, ...stats };
        }),
      );
    const earlier = new Map(
      rankedAt(this.cursorMs - RANK_CHANGE_WINDOW_MS).map((r) => [r.droneId, r.rank]),
    );
    return rankedAt(this.cursorMs).map((r) => ({
      rank: r.rank,
      droneId: r.droneId,
      callsign: this.reader.drones[r.slot]!.callsign,
      accuracyPct: accuracyPct(r.successfulHits, r.totalEngagements),
      totalEngagements: r.totalEngagements,
      successfulHits: r.successfulHits,
      currentStreak: r.currentStreak,
      bestStreak: r.bestStreak,
      rankChange: (earlier.get(r.droneId) ?? r.rank) - r.rank,
    }));
  }

  leaderboard(convoyId: string, limit: number, offset: number): Leaderboard {
    const entries = this.board(convoyId);
    const summary = this.summary(convoyId);
    return {
      convoyId,
      convoyCallsign: summary.callsign,
      totalDrones: entries.length,
      averageAccuracyPct: summary.avgAccuracyPct,
      offset,
      entries: entries.slice(offset, offset + limit),
    };
  }

  /** Convoys with an engagement in (a, b] or (b, a]: their boards moved. */
  convoysEngagedBetween(a: number, b: number): Set<string> {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const changed = new Set<string>();
    const { droneIndex } = this.reader.engagements;
    for (let i = this.timeline.countAt(lo); i < this.timeline.countAt(hi); i++) {
      changed.add(this.reader.drones[droneIndex[i]!]!.convoyId);
    }
    return changed;
  }

  /** Radio links within the convoy at the cursor, by the simulator's range. */
  meshLinks(convoyId: string): [string, string][] {
    this.convoy(convoyId);
    const slots = (this.dronesOfConvoy.get(convoyId) ?? []).filter(
      (slot) => this.known[slot] === 1 && DRONE_STATUSES[this.state.status[slot]!] !== 'LOST',
    );
    const s = this.state;
    const links: [string, string][] = [];
    for (let i = 0; i < slots.length; i++) {
      const a = slots[i]!;
      for (let j = i + 1; j < slots.length; j++) {
        const b = slots[j]!;
        const d = distanceM({ lat: s.lat[a]!, lon: s.lon[a]! }, { lat: s.lat[b]!, lon: s.lon[b]! });
        if (d <= MESH_RANGE_M) {
          const [x, y] = [this.reader.drones[a]!.id, this.reader.drones[b]!.id];
          links.push(x < y ? [x, y] : [y, x]);
        }
      }
    }
    return links;
  }
}
