import { randomUUID } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import type { MissionExportStatus, ParsedInput } from '../../src-shared/contract';
import { GcsError, notFound } from '../../src-shared/errors';
import type { Convoy, Waypoint } from '../../src-shared/model';
import {
  assertWritableTarget,
  MissionExportCancelled,
  type MissionDroneRow,
  type MissionEngagementRow,
  type TelemetrySource,
  writeMission,
} from '../analytics/missionWriter';
import type { EventBus } from '../core/eventBus';
import type { Logger } from '../core/logger';
import { type Store, type TelemetryRange, writesTelemetryParquet } from '../store/Store';
import type { FleetRegistry } from './fleetRegistry';
import type { TelemetryService } from './telemetryService';

export type MissionExportRequest = ParsedInput<'mission.export'>;

/** Progress events at most this often: a bar that moves four times a second is smooth enough. */
const PROGRESS_EVENT_MS = 250;
/** Exports kept in `mission.exports` after they end. */
const FINISHED_KEPT = 20;
const WAYPOINT_READS_IN_FLIGHT = 8;

interface Job {
  status: MissionExportStatus;
  controller: AbortController;
  done: Promise<void>;
  lastEventAt: number;
}

/**
 * Mission exports (DESIGN.md, "Mission files"): the chosen convoys over a time range, from
 * whichever store the core runs on, written as a mission folder by analytics/missionWriter.ts.
 * One export runs at a time, in the background; it reports progress as events and can be
 * cancelled, and a failed or cancelled export leaves no folder behind.
 */
export class MissionExportService {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly store: Store,
    private readonly registry: FleetRegistry,
    private readonly telemetry: TelemetryService,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly clock: () => number,
    private readonly version: string,
  ) {}

  async start(request: MissionExportRequest): Promise<MissionExportStatus> {
    if ([...this.jobs.values()].some((j) => j.status.state === 'running')) {
      throw new GcsError('UNAVAILABLE', 'an export is already running: wait for it or cancel it');
    }
    if (!isAbsolute(request.folder)) {
      throw new GcsError('INVALID_INPUT', 'the export folder must be an absolute path', [
        { path: 'folder', message: 'not an absolute path' },
      ]);
    }
    const folder = resolve(request.folder);
    // Checked here so the request fails at once; the writer checks again as it starts.
    await assertWritableTarget(folder).catch((error: Error) => {
      throw new GcsError('INVALID_INPUT', error.message, [
        { path: 'folder', message: error.message },
      ]);
    });
    const convoys = await this.convoysOf(request.convoyIds);
    const fromMs = request.fromMs ?? Math.min(...convoys.map((c) => c.missionStart));
    const toMs = request.toMs ?? this.clock();
    if (fromMs > toMs) {
      throw new GcsError('INVALID_INPUT', 'the time range ends before it starts', [
        { path: 'fromMs', message: 'after toMs' },
      ]);
    }
    const name = request.name ?? defaultName(convoys, fromMs);
    const status: MissionExportStatus = {
      exportId: randomUUID(),
      folder,
      name,
      state: 'running',
      phase: 'preparing',
      fraction: 0,
      telemetryRows: 0,
      error: null,
      startedAt: Date.now(),
      finishedAt: null,
      rowCounts: null,
    };
    const controller = new AbortController();
    const job: Job = { status, controller, done: Promise.resolve(), lastEventAt: 0 };
    this.jobs.set(status.exportId, job);
    this.forgetOld();
    job.done = this.run(job, convoys, { fromMs, toMs });
    this.publish(job, true);
    return { ...status };
  }

  cancel(exportId: string): MissionExportStatus {
    const job = this.jobs.get(exportId);
    if (!job) throw notFound('export', exportId);
    if (job.status.state === 'running') job.controller.abort();
    return { ...job.status };
  }

  list(): MissionExportStatus[] {
    return [...this.jobs.values()].map((j) => ({ ...j.status })).reverse();
  }

  /** Cancels what runs and waits for it to clean up. */
  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.controller.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }

  private async convoysOf(ids: readonly string[] | undefined): Promise<Convoy[]> {
    const stored = await this.store.listConvoys();
    if (!ids) {
      const active = new Set(this.registry.activeConvoys().map((c) => c.id));
      const chosen = stored.filter((c) => active.has(c.id));
      if (chosen.length === 0) {
        throw new GcsError('INVALID_INPUT', 'no active convoy to export: name the convoys', [
          { path: 'convoyIds', message: 'required when no convoy is active' },
        ]);
      }
      return chosen;
    }
    const byId = new Map(stored.map((c) => [c.id, c]));
    return [...new Set(ids)].map((id) => {
      const convoy = byId.get(id);
      if (!convoy) throw notFound('convoy', id);
      return convoy;
    });
  }

  private async run(
    job: Job,
    convoys: Convoy[],
    window: { fromMs: number; toMs: number },
  ): Promise<void> {
    const { status, controller } = job;
    try {
      // What the GCS has buffered counts: write it before reading the store.
      await this.telemetry.flush();
      const convoyIds = new Set(convoys.map((c) => c.id));
      const drones: MissionDroneRow[] = (await this.store.listDrones())
        .filter((d) => convoyIds.has(d.convoyId))
        .map((d) => ({
          ...d,
          ordinal: Math.max(0, convoys.find((c) => c.id === d.convoyId)!.droneIds.indexOf(d.id)),
        }));
      const waypoints = await this.waypointsOf(drones.map((d) => d.id));
      const engagements = await this.engagementsOf(convoys, window);
      const range: TelemetryRange = { droneIds: drones.map((d) => d.id), ...window };
      const telemetry = this.telemetrySource(range);
      const manifest = await writeMission(
        {
          folder: status.folder,
          name: status.name,
          exportedBy: `DroneGrid GCS ${this.version} (${this.store.kind} store)`,
          convoys,
          drones,
          waypoints,
          engagements,
          telemetry,
        },
        controller.signal,
        (p) => {
          status.phase = p.phase;
          status.fraction = p.fraction;
          status.telemetryRows = p.telemetryRows;
          this.publish(job, false);
        },
      );
      status.state = 'done';
      status.fraction = 1;
      status.telemetryRows = manifest.rowCounts.telemetry;
      status.rowCounts = { ...manifest.rowCounts };
      this.log.info(
        `mission exported to ${status.folder}: ${manifest.rowCounts.telemetry} telemetry rows, ${manifest.rowCounts.engagements} engagements`,
      );
    } catch (error) {
      if (error instanceof MissionExportCancelled || controller.signal.aborted) {
        status.state = 'cancelled';
      } else {
        status.state = 'failed';
        status.error = error instanceof Error ? error.message : String(error);
        this.log.warn(`mission export to ${status.folder} failed: ${status.error}`);
      }
    } finally {
      status.finishedAt = Date.now();
      this.publish(job, true);
    }
  }

  private telemetrySource(range: TelemetryRange): TelemetrySource {
    const store = this.store;
    if (writesTelemetryParquet(store)) {
      let running: { interrupt(): void } | null = null;
      return {
        kind: 'parquet',
        write: (file, onProgress) => {
          const write = store.writeTelemetryParquet(range, file, onProgress);
          running = write;
          return write.done;
        },
        interrupt: () => running?.interrupt(),
      };
    }
    return { kind: 'pages', pages: store.telemetryPages(range), expectedRows: null };
  }

  private async waypointsOf(droneIds: readonly string[]): Promise<Waypoint[]> {
    const out: Waypoint[][] = new Array(droneIds.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < droneIds.length) {
        const i = next++;
        out[i] = await this.store.getWaypoints(droneIds[i]!);
      }
    };
    await Promise.all(Array.from({ length: WAYPOINT_READS_IN_FLIGHT }, worker));
    return out.flat();
  }

  /** The convoys' engagements in the window, each with its drone's running count. */
  private async engagementsOf(
    convoys: readonly Convoy[],
    window: { fromMs: number; toMs: number },
  ): Promise<MissionEngagementRow[]> {
    const out: MissionEngagementRow[] = [];
    for (const convoy of convoys) {
      const seq = new Map<string, number>();
      // Counted over the drone's whole history, so a window's drone_seq matches the store's.
      for (const e of await this.store.listEngagements({ convoyId: convoy.id })) {
        const droneSeq = (seq.get(e.droneId) ?? 0) + 1;
        seq.set(e.droneId, droneSeq);
        if (e.recordedAt >= window.fromMs && e.recordedAt <= window.toMs) {
          out.push({ ...e, droneSeq });
        }
      }
    }
    return out;
  }

  private publish(job: Job, force: boolean): void {
    const now = Date.now();
    if (!force && now - job.lastEventAt < PROGRESS_EVENT_MS) return;
    job.lastEventAt = now;
    this.bus.emit('mission.export.progress', { ...job.status });
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) {
      this.jobs.delete(job.status.exportId);
    }
  }
}

function defaultName(convoys: readonly Convoy[], fromMs: number): string {
  const when = new Date(fromMs).toISOString().slice(0, 16).replace('T', ' ');
  const names = convoys.map((c) => c.callsign);
  const shown =
    names.length > 4 ? `${names.slice(0, 4).join(', ')} +${names.length - 4}` : names.join(', ');
  return `${shown} · ${when}Z`;
}
