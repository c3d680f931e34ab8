import type { GcsApi } from '../../src-shared/contract';
import type { Waypoint } from '../../src-shared/model';
import type { MapRoster } from './mapRoster';
import type { RouteLayer } from './RouteLayer';

/** After a failed `drone.waypoints`, ask again this much later (the drone still selected). */
const RETRY_MS = 3_000;

const NO_API = 'the map was given no API to fetch routes with';

export interface RouteReport {
  droneId: string | null;
  waypoints: number;
  currentWaypoint: number | null;
  error: string | null;
}

/**
 * Feeds the route layer the selected drone's route: its 25 waypoints from `drone.waypoints` when
 * the selection changes, and the waypoint it flies to from the telemetry frames (the buffer keeps
 * positions only). A current waypoint that goes back means a new mission: the route is fetched
 * again. A reply for a drone no longer selected is dropped.
 */
export class RouteFeed {
  private droneId: string | null = null;
  private generation = 0;
  private current = 0;
  /** Whether `current` came from a frame (trusted) or was guessed from the waypoints' arrivals. */
  private currentFromFrame = false;
  /** The shown route's waypoints, to redraw it in a new roster's slot and colour without a fetch. */
  private waypoints: readonly Waypoint[] = [];
  private retry: ReturnType<typeof setTimeout> | null = null;
  private unsubscribeFrames: (() => void) | null = null;

  constructor(
    private readonly api: GcsApi | null,
    private readonly layer: RouteLayer,
    private readonly roster: () => MapRoster,
    private readonly report: (report: RouteReport) => void,
  ) {}

  /** The drone whose route to show; null shows none. */
  show(droneId: string | null): void {
    if (droneId === this.droneId) return;
    this.droneId = droneId;
    this.current = 0;
    this.currentFromFrame = false;
    this.load();
  }

  /** The roster changed: the drone's slot and colour may have too. */
  refresh(): void {
    if (this.droneId && this.waypoints.length > 0) this.draw();
  }

  stop(): void {
    this.droneId = null;
    this.generation++;
    this.clearRetry();
    this.unsubscribeFrames?.();
    this.unsubscribeFrames = null;
  }

  private load(): void {
    const generation = ++this.generation;
    const droneId = this.droneId;
    this.clearRetry();
    this.layer.setRoute(null, 0);
    this.waypoints = [];
    if (!droneId || !this.api) {
      this.unsubscribeFrames?.();
      this.unsubscribeFrames = null;
      this.publish(droneId ? NO_API : null);
      return;
    }
    this.publish(null);
    this.unsubscribeFrames ??= this.api.on('telemetry.frame', (frame) => {
      const roster = this.roster();
      if (frame.indexVersion !== roster.version) return;
      const slot = roster.slotOf(this.droneId);
      if (slot === undefined) return;
      for (let i = 0; i < frame.count; i++) {
        if (frame.index[i] !== slot) continue;
        this.setCurrent(frame.currentWaypoint[i] ?? 0);
        return;
      }
    });
    this.api
      .request('drone.waypoints', { droneId })
      .then((waypoints) => {
        if (generation !== this.generation) return;
        if (!this.currentFromFrame) this.current = firstUnreached(waypoints);
        this.waypoints = waypoints;
        this.draw();
        this.publish(null);
      })
      .catch((error: unknown) => {
        if (generation !== this.generation) return;
        this.publish(error instanceof Error ? error.message : String(error));
        this.retry = setTimeout(() => {
          if (generation === this.generation) this.load();
        }, RETRY_MS);
      });
  }

  private draw(): void {
    const roster = this.roster();
    const slot = roster.slotOf(this.droneId);
    const color = roster.colorOf(slot ?? 0);
    this.layer.setRoute({ slot, color, waypoints: this.waypoints }, this.current);
  }

  private setCurrent(currentWaypoint: number): void {
    if (currentWaypoint === this.current && this.currentFromFrame) return;
    const restarted = this.currentFromFrame && currentWaypoint < this.current;
    this.current = currentWaypoint;
    this.currentFromFrame = true;
    if (restarted) {
      this.load();
      return;
    }
    this.layer.setCurrentWaypoint(currentWaypoint);
    this.publish(null);
  }

  private publish(error: string | null): void {
    this.report({
      droneId: this.droneId,
      waypoints: this.waypoints.length,
      currentWaypoint: this.waypoints.length > 0 ? this.current : null,
      error,
    });
  }

  private clearRetry(): void {
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
  }
}

/** Until a frame says otherwise: the first waypoint not yet reached. */
function firstUnreached(waypoints: readonly Waypoint[]): number {
  let next = 0;
  for (const w of [...waypoints].sort((a, b) => a.seq - b.seq)) {
    if (w.arrivedAt === null) return w.seq;
    next = w.seq + 1;
  }
  return next;
}
