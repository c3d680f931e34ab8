import type {
  DroneIndex,
  Leaderboard,
  ReplayMarkers,
  ReplayStatus,
  RequestOutput,
} from '../../src-shared/contract';
import { REPLAY_MAX_SPEED, REPLAY_MIN_SPEED } from '../../src-shared/contract';
import { GcsError } from '../../src-shared/errors';
import type { ConvoySummary, Drone, Waypoint } from '../../src-shared/model';
import type { TelemetryFrame } from '../../src-shared/telemetryFrame';
import { MissionFileError, MissionReader } from '../analytics/missionReader';
import { rm } from 'node:fs/promises';
import type { EventBus } from '../core/eventBus';
import type { Logger } from '../core/logger';
import type { AnalyticsSource } from './analyticsService';
import { ReplaySession } from './replaySession';

/**
 * While playing, boards and convoy summaries follow the cursor at most this often (each costs a
 * ranking here and a table there), and the replay's state (the bar's clock) at most at STATE_MS.
 * A pause, a seek or a step is always reported at once.
 */
const BOARD_EVENT_MS = 500;
const SCRUB_EVENT_MS = 100;
const STATE_EVENT_MS = 250;
/** A forward move longer than this rebuilds from the keyframe index instead of reading a window. */
const MAX_INCREMENTAL_MS = 60_000;

const INACTIVE: ReplayStatus = {
  active: false,
  sessionId: 0,
  folder: null,
  name: null,
  startMs: 0,
  endMs: 0,
  cursorMs: 0,
  playing: false,
  speed: 1,
  reverse: false,
  index: { ready: false, progress: 0, error: null },
  droneCount: 0,
  convoyCount: 0,
  telemetryRows: 0,
  engagementCount: 0,
  warnings: [],
};

/**
 * Offline replay of a mission folder (DESIGN.md, "Mission files"): one mission at a time, shared
 * by every window of this core, played in the main process so the renderer only draws. The
 * cursor moves at the chosen speed in mission time (a gap in the data passes at that speed, it is
 * not skipped); each step sends the drones that changed as a frame in the live format, and the
 * boards and convoy summaries at the cursor as events. Moves are serialised, and while one runs
 * only the newest requested seek waits behind it, so scrubbing never queues up.
 */
export class ReplayService {
  private session: ReplaySession | null = null;
  private sessions = 0;
  private playing = false;
  private speed = 1;
  private reverse = false;
  private loop: Promise<void> | null = null;
  private moving: Promise<void> = Promise.resolve();
  private pendingSeek: number | null = null;
  private dirtyConvoys = new Set<string>();
  private lastBoardsAt = 0;
  private lastStateAt = 0;
  private stateTimer: ReturnType<typeof setTimeout> | null = null;
  private boardTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly frameRateHz: number,
    /** Where a mission's seek index keeps its working copy (removed on close); none: memory. */
    private readonly cacheDir: string | null = null,
  ) {}

  async open(folder: string): Promise<ReplayStatus> {
    if (this.cacheDir && this.sessions === 0) {
      // Working copies a crashed run left behind; this core holds the data folder alone.
      await rm(this.cacheDir, { recursive: true, force: true });
    }
    let reader: MissionReader;
    try {
      reader = await MissionReader.open(folder, this.cacheDir ? { cacheDir: this.cacheDir } : {});
    } catch (error) {
      if (!(error instanceof MissionFileError)) throw error;
      // The mission on screen, if any, stays: a bad folder changes nothing.
      throw new GcsError('INVALID_INPUT', error.message, [
        {
          path: error.column ? `${error.file}:${error.column}` : (error.file ?? 'folder'),
          message: error.message,
        },
      ]);
    }
    await this.close();
    const session = new ReplaySession(++this.sessions, reader);
    this.session = session;
    this.speed = 1;
    this.reverse = false;
    for (const warning of reader.warnings) this.log.warn(`replay ${folder}: ${warning}`);
    await this.move(reader.startMs, false);
    void reader
      .buildIndex(() => this.publishState())
      .then(
        () => this.publishState(),
        (error: unknown) => {
          if (this.session === session) this.log.warn(`replay index: ${(error as Error).message}`);
          this.publishState();
        },
      );
    this.log.info(
      `replay opened: ${folder} (${reader.drones.length} drones, ${reader.telemetryRows} telemetry rows)`,
    );
    return this.status();
  }

  async close(): Promise<ReplayStatus> {
    const session = this.session;
    if (!session) return this.status();
    this.playing = false;
    this.session = null;
    await this.loop;
    await this.moving.catch(() => undefined);
    for (const timer of [this.boardTimer, this.stateTimer]) if (timer) clearTimeout(timer);
    this.boardTimer = null;
    this.stateTimer = null;
    session.reader.close();
    this.publishState();
    return this.status();
  }

  status(): ReplayStatus {
    const s = this.session;
    if (!s) return { ...INACTIVE, sessionId: this.sessions };
    const index = s.reader.keyframeIndex();
    return {
      active: true,
      sessionId: s.id,
      folder: s.reader.folder,
      name: s.reader.manifest.mission.name,
      startMs: s.reader.startMs,
      endMs: s.reader.endMs,
      cursorMs: s.cursorMs,
      playing: this.playing,
      speed: this.speed,
      reverse: this.reverse,
      index: { ready: index.ready, progress: index.progress, error: index.error },
      droneCount: s.reader.drones.length,
      convoyCount: s.reader.convoys.length,
      telemetryRows: s.reader.telemetryRows,
      engagementCount: s.reader.engagements.count,
      warnings: [...s.reader.warnings],
    };
  }

  play(options: { speed?: number; reverse?: boolean }): ReplayStatus {
    const s = this.required();
    if (options.speed !== undefined) {
      this.speed = Math.min(REPLAY_MAX_SPEED, Math.max(REPLAY_MIN_SPEED, options.speed));
    }
    if (options.reverse !== undefined) this.reverse = options.reverse;
    // Playing from an end goes back to the other one.
    const atEnd = this.reverse ? s.cursorMs <= s.reader.startMs : s.cursorMs >= s.reader.endMs;
    if (atEnd) this.requestSeek(this.reverse ? s.reader.endMs : s.reader.startMs);
    this.playing = true;
    this.loop ??= this.run(s).finally(() => {
      this.loop = null;
    });
    this.publishState();
    return this.status();
  }

  pause(): ReplayStatus {
    this.required();
    this.playing = false;
    this.publishState();
    return this.status();
  }

  async seek(atMs: number): Promise<ReplayStatus> {
    this.required();
    await this.requestSeek(atMs);
    return this.status();
  }

  async step(deltaMs: number): Promise<ReplayStatus> {
    const s = this.required();
    await this.requestSeek((this.pendingSeek ?? s.cursorMs) + deltaMs);
    return this.status();
  }

  markers(bins: number): ReplayMarkers {
    const s = this.required();
    const { startMs, endMs } = s.reader;
    return {
      startMs,
      endMs,
      binMs: Math.max(1, endMs - startMs) / bins,
      ...s.timeline.histogram(startMs, endMs, bins),
    };
  }

  index(): DroneIndex {
    return this.required().index;
  }

  convoys(): ConvoySummary[] {
    return this.required().summaries();
  }

  convoy(convoyId: string): RequestOutput<'replay.convoy'> {
    const s = this.required();
    const summary = s.summary(convoyId);
    const convoy = s.convoys.find((c) => c.id === convoyId)!;
    return { convoy, roster: s.roster(convoyId), summary };
  }

  leaderboard(convoyId: string, limit: number, offset: number): Leaderboard {
    return this.required().leaderboard(convoyId, limit, offset);
  }

  drone(droneId: string): Drone {
    return this.required().drone(droneId);
  }

  waypoints(droneId: string): Promise<Waypoint[]> {
    return this.required().waypoints(droneId);
  }

  mesh(convoyId: string): { convoyId: string; links: [string, string][] } {
    return { convoyId, links: this.required().meshLinks(convoyId) };
  }

  /** The open mission as an analytics source, or null. */
  analyticsSource(): AnalyticsSource | null {
    const s = this.session;
    if (!s) return null;
    return {
      id: `replay-${s.id}`,
      query: (sql, params) => s.reader.queryRows(sql, [...params]),
      range: async () => ({ startMs: s.reader.startMs, endMs: s.reader.endMs }),
    };
  }

  /** Every drone at the cursor, for a window that connects while a mission is open. */
  fullFrame(): TelemetryFrame | null {
    return this.session?.fullFrame() ?? null;
  }

  async shutdown(): Promise<void> {
    await this.close();
  }

  private required(): ReplaySession {
    if (!this.session) throw new GcsError('UNAVAILABLE', 'no mission is open for replay');
    return this.session;
  }

  /** Seeks after whatever move runs now; a newer seek replaces one that has not started. */
  private requestSeek(atMs: number): Promise<void> {
    const first = this.pendingSeek === null;
    this.pendingSeek = atMs;
    if (!first) return this.moving;
    this.moving = this.moving
      .catch(() => undefined)
      .then(async () => {
        const target = this.pendingSeek;
        this.pendingSeek = null;
        if (target !== null) await this.moveNow(target, false);
      });
    return this.moving;
  }

  private move(t: number, incremental: boolean): Promise<void> {
    this.moving = this.moving.catch(() => undefined).then(() => this.moveNow(t, incremental));
    return this.moving;
  }

  private async moveNow(t: number, incremental: boolean): Promise<void> {
    const s = this.session;
    if (!s) return;
    const from = s.cursorMs;
    await s.moveTo(t, incremental);
    if (this.session !== s) return;
    for (const id of s.convoysEngagedBetween(from, s.cursorMs)) this.dirtyConvoys.add(id);
    if (!incremental) for (const c of s.convoys) this.dirtyConvoys.add(c.id);
    const frame = s.nextFrame();
    if (frame) this.bus.emit('replay.frame', frame);
    this.publishBoards(s);
    this.publishState(this.playing && incremental);
  }

  /** The playback clock: mission time advances by speed × wall time actually elapsed. */
  private async run(s: ReplaySession): Promise<void> {
    const frameMs = 1000 / this.frameRateHz;
    let last = performance.now();
    while (this.playing && this.session === s) {
      const started = performance.now();
      const elapsed = started - last;
      last = started;
      if (this.pendingSeek === null) {
        const direction = this.reverse ? -1 : 1;
        const target = s.cursorMs + direction * this.speed * elapsed;
        const end = this.reverse ? s.reader.startMs : s.reader.endMs;
        const reached = this.reverse ? target <= end : target >= end;
        const forward = !this.reverse && target - s.cursorMs <= MAX_INCREMENTAL_MS;
        try {
          await this.move(reached ? end : target, forward);
        } catch (error) {
          this.log.warn(`replay playback stopped: ${(error as Error).message}`);
          this.playing = false;
        }
        if (reached) this.playing = false;
      } else {
        await this.moving.catch(() => undefined);
      }
      if (!this.playing) this.publishState();
      const wait = frameMs - (performance.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** The replay's state now, or, when `throttled`, once STATE_EVENT_MS has passed since the last. */
  private publishState(throttled = false): void {
    const wait = this.lastStateAt + STATE_EVENT_MS - Date.now();
    if (throttled && wait > 0) {
      this.stateTimer ??= setTimeout(() => {
        this.stateTimer = null;
        this.publishState();
      }, wait);
      return;
    }
    if (this.stateTimer) clearTimeout(this.stateTimer);
    this.stateTimer = null;
    this.lastStateAt = Date.now();
    this.bus.emit('replay.state', this.status());
  }

  /**
   * Boards and summaries of the convoys the move touched, soon after it (never in the way of the
   * seek's answer): every BOARD_EVENT_MS at most while playing, every SCRUB_EVENT_MS otherwise.
   */
  private publishBoards(s: ReplaySession): void {
    if (this.boardTimer) return;
    const every = this.playing ? BOARD_EVENT_MS : SCRUB_EVENT_MS;
    const wait = Math.max(0, this.lastBoardsAt + every - Date.now());
    this.boardTimer = setTimeout(() => {
      this.boardTimer = null;
      if (this.session !== s) return;
      this.lastBoardsAt = Date.now();
      const dirty = [...this.dirtyConvoys];
      this.dirtyConvoys.clear();
      for (const convoyId of dirty) {
        this.bus.emit('replay.leaderboard', { convoyId, entries: s.board(convoyId) });
      }
      for (const summary of s.summaries()) this.bus.emit('replay.summary', summary);
    }, wait);
  }
}
