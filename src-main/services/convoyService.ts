import type { ConvoySummary, Drone } from '../../src-shared/model';
import { notFound } from '../../src-shared/errors';
import type { Cache } from '../cache/Cache';
import type { EventBus } from '../core/eventBus';
import type { Logger } from '../core/logger';
import { summarizeConvoy } from '../domain/convoySummary';
import { EMPTY_STATS } from '../domain/ranking';
import { composeDrone } from './droneService';
import type { FleetRegistry } from './fleetRegistry';
import type { LeaderboardService } from './leaderboardService';
import type { TelemetryService } from './telemetryService';

/** Convoys, their rosters and summaries; publishes a convoy's summary when it changes (≤ 1 Hz). */
export class ConvoyService {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly lastPublished = new Map<string, string>();

  constructor(
    private readonly registry: FleetRegistry,
    private readonly telemetry: TelemetryService,
    private readonly leaderboards: LeaderboardService,
    private readonly cache: Cache,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly clock: () => number,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.publishSummaries(), 1000);
  }

  async roster(convoyId: string): Promise<Drone[]> {
    const stats = await this.leaderboards.allStats(convoyId);
    return this.registry
      .dronesOf(convoyId)
      .map((d) => composeDrone(d, this.telemetry.latest(d.id), stats.get(d.id) ?? EMPTY_STATS));
  }

  async summary(convoyId: string): Promise<ConvoySummary> {
    const convoy = this.registry.convoy(convoyId);
    if (!convoy) throw notFound('convoy', convoyId);
    return summarizeConvoy(convoy, await this.roster(convoyId), this.clock());
  }

  async list(): Promise<ConvoySummary[]> {
    return Promise.all(this.registry.convoys().map((c) => this.summary(c.id)));
  }

  async get(convoyId: string) {
    const convoy = this.registry.convoy(convoyId);
    if (!convoy) throw notFound('convoy', convoyId);
    const roster = await this.roster(convoyId);
    await this.cache.putRoster(convoyId, convoy.droneIds).catch(() => undefined);
    return { convoy, roster, summary: summarizeConvoy(convoy, roster, this.clock()) };
  }

  private async publishSummaries(): Promise<void> {
    for (const convoy of this.registry.activeConvoys()) {
      try {
        const summary = await this.summary(convoy.id);
        const { updatedAt: _ignored, ...comparable } = summary;
        const key = JSON.stringify(comparable);
        if (this.lastPublished.get(convoy.id) === key) continue;
        this.lastPublished.set(convoy.id, key);
        await this.cache.putConvoySummary(summary).catch(() => undefined);
        this.bus.emit('convoy.summary', summary);
      } catch (error) {
        this.log.warn('convoy summary failed', error);
      }
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
