import { MAX_SIMULATED_DRONES } from '../../src-shared/constants';
import type { SimulatorSettings, SimulatorStatus } from '../../src-shared/contract';
import { GcsError } from '../../src-shared/errors';
import type { Cache } from '../cache/Cache';
import { FailureLog } from '../core/failureLog';
import type { Logger } from '../core/logger';
import { FleetSimulator, type SimEngagement } from '../simulator/FleetSimulator';
import type { SimulatorCheckpoint, Store, WaypointArrival } from '../store/Store';
import type { EngagementService } from './engagementService';
import type { FleetRegistry } from './fleetRegistry';
import { SimulatorLeases } from './simulatorLeases';
import type { TelemetryService } from './telemetryService';

export interface SimulatorParameters {
  seed: number;
  convoys: number;
  dronesPerConvoy: number;
  timeScale: number;
  engagementsPerDroneHour: number;
}

const TICK_MS = 50;
const CHECKPOINT_EVERY_MS = 5_000;
/** Most simulated seconds computed in one tick, so a stalled event loop does not snowball. */
const MAX_STEPS_PER_TICK = 64;

/**
 * Drives the fleet simulator in real or accelerated time and feeds its output through the same
 * services live data would use. It resumes where it stopped: settings and simulation time are
 * checkpointed in the store, positions come back from the store's latest telemetry.
 */
export class SimulatorService {
  private sim: FleetSimulator | null = null;
  private params: SimulatorParameters;
  private startTime = 0;
  private running = false;
  private ticks = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastTickAt = 0;
  private due = 0;
  private lastCheckpointAt = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private arrivals: WaypointArrival[] = [];
  private readonly leases: SimulatorLeases;
  private readonly checkpointFailures: FailureLog;

  constructor(
    private readonly store: Store,
    private readonly registry: FleetRegistry,
    private readonly telemetry: TelemetryService,
    private readonly engagements: EngagementService,
    private readonly log: Logger,
    defaults: SimulatorParameters,
    cache: Cache,
  ) {
    this.params = { ...defaults };
    this.leases = new SimulatorLeases(cache, log, () => void this.stop());
    this.checkpointFailures = new FailureLog(log, 'simulator checkpoint');
  }

  /** Loads or plans the fleet. Returns whether the simulator was running when last checkpointed. */
  async init(): Promise<boolean | null> {
    const checkpoint = await this.store.loadSimulatorCheckpoint();
    if (checkpoint) {
      this.params = {
        seed: checkpoint.seed,
        convoys: checkpoint.convoys,
        dronesPerConvoy: checkpoint.dronesPerConvoy,
        timeScale: checkpoint.timeScale,
        engagementsPerDroneHour: checkpoint.engagementsPerDroneHour,
      };
      this.startTime = checkpoint.startTime;
      await this.plan(checkpoint.simTime);
      return checkpoint.running;
    }
    this.startTime = Math.floor(Date.now() / 1000) * 1000;
    await this.plan(this.startTime);
    await this.checkpoint();
    return null;
  }

  /** Builds the simulator for the current parameters and makes the store and registry match it. */
  private async plan(simTime: number): Promise<void> {
    const sim = new FleetSimulator({
      seed: this.params.seed,
      convoys: this.params.convoys,
      dronesPerConvoy: this.params.dronesPerConvoy,
      engagementsPerDroneHour: this.params.engagementsPerDroneHour,
      startTime: this.startTime,
    });
    const planned = new Set(sim.fleet.convoys.map((c) => c.id));
    const stored = await this.store.listConvoys();
    const storedIds = new Set(stored.map((c) => c.id));
    for (const convoy of stored) {
      if (convoy.status === 'ACTIVE' && !planned.has(convoy.id)) {
        await this.store.setConvoyStatus(convoy.id, 'COMPLETE');
      }
    }
    const storedDrones = new Set((await this.store.listDrones()).map((d) => d.id));
    const storedActive = new Set(stored.filter((c) => c.status === 'ACTIVE').map((c) => c.id));
    // Saved unless the store already holds exactly this fleet (a restart on the same mission).
    if (
      sim.fleet.convoys.some((c) => !storedIds.has(c.id) || !storedActive.has(c.id)) ||
      sim.fleet.drones.some((d) => !storedDrones.has(d.id))
    ) {
      await this.store.saveFleet(sim.fleet.convoys, sim.fleet.drones, sim.fleet.waypoints);
    }
    const convoys = (await this.store.listConvoys()).filter((c) => planned.has(c.id));
    const drones = (await this.store.listDrones()).filter((d) => planned.has(d.convoyId));
    this.registry.load(convoys, drones);

    const fleetIds = new Set(drones.map((d) => d.id));
    this.telemetry.retainOnly(fleetIds);
    const latest = new Map([...this.telemetry.latestAll()].filter(([id]) => fleetIds.has(id)));
    sim.restore(latest, Math.max(simTime, this.startTime));
    this.sim = sim;
  }

  /** The convoy's radio links as the simulator has them now, each pair once. */
  meshLinks(convoyId: string): [string, string][] {
    const sim = this.sim;
    if (!sim) return [];
    const links: [string, string][] = [];
    for (const drone of this.registry.dronesOf(convoyId)) {
      for (const peer of sim.meshNeighbours(drone.id))
        if (drone.id < peer) links.push([drone.id, peer]);
    }
    return links;
  }

  now(): number {
    return this.sim?.simTime ?? Date.now();
  }

  status(): SimulatorStatus {
    return {
      running: this.running,
      seed: this.params.seed,
      convoys: this.params.convoys,
      dronesPerConvoy: this.params.dronesPerConvoy,
      droneCount: this.params.convoys * this.params.dronesPerConvoy,
      timeScale: this.params.timeScale,
      engagementsPerDroneHour: this.params.engagementsPerDroneHour,
      simTime: this.now(),
      ticks: this.ticks,
    };
  }

  async start(): Promise<SimulatorStatus> {
    if (!this.running) {
      const heldElsewhere = await this.leases.acquire(
        this.registry.activeConvoys().map((c) => c.id),
      );
      if (heldElsewhere) {
        const callsign = this.registry.convoy(heldElsewhere)?.callsign ?? heldElsewhere;
        throw new GcsError(
          'UNAVAILABLE',
          `convoy ${callsign} is already flown by another GCS instance on this Redis; this one shows it`,
        );
      }
      this.running = true;
      this.lastTickAt = performance.now();
      this.due = 0;
      this.timer = setInterval(() => this.tick(), TICK_MS);
      await this.checkpoint();
      this.log.info(
        `simulator running: ${this.status().droneCount} drones at ${this.params.timeScale}x`,
      );
    }
    return this.status();
  }

  async stop(): Promise<SimulatorStatus> {
    if (this.running) {
      this.running = false;
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      await this.settle();
      await this.checkpoint();
      await this.leases.release();
    }
    return this.status();
  }

  async configure(settings: SimulatorSettings): Promise<SimulatorStatus> {
    const next: SimulatorParameters = {
      ...this.params,
      ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
    };
    // The contract checks one request; the limit must hold for the settings they add up to.
    if (next.convoys * next.dronesPerConvoy > MAX_SIMULATED_DRONES) {
      throw new GcsError('INVALID_INPUT', `at most ${MAX_SIMULATED_DRONES} drones in all`, [
        {
          path: 'dronesPerConvoy',
          message: `${next.convoys} × ${next.dronesPerConvoy} drones is over the limit`,
        },
      ]);
    }
    const replan =
      next.seed !== this.params.seed ||
      next.convoys !== this.params.convoys ||
      next.dronesPerConvoy !== this.params.dronesPerConvoy;
    const rate = next.engagementsPerDroneHour !== this.params.engagementsPerDroneHour;
    const wasRunning = this.running;
    if (replan || rate) await this.stop();
    this.params = next;
    if (replan) {
      // A new fleet is a new mission: it starts now, and the old convoys are closed.
      this.startTime = Math.max(
        Math.floor(Date.now() / 1000) * 1000,
        Math.ceil(this.now() / 1000) * 1000,
      );
      await this.plan(this.startTime);
    } else if (rate) {
      await this.plan(this.now());
    }
    await this.checkpoint();
    if (wasRunning && (replan || rate)) await this.start();
    return this.status();
  }

  private tick(): void {
    const sim = this.sim;
    if (!sim) return;
    const now = performance.now();
    this.due += ((now - this.lastTickAt) / 1000) * this.params.timeScale;
    this.lastTickAt = now;
    // Back-pressure: while the store is behind, simulated time waits rather than piling up rows.
    if (this.telemetry.pendingRows > 20 * Math.max(1, this.registry.drones().length)) return;
    let steps = 0;
    while (this.due >= 1 && steps < MAX_STEPS_PER_TICK) {
      this.due -= 1;
      steps++;
      const result = sim.step();
      this.ticks++;
      this.telemetry.ingest(result.telemetry);
      for (const e of result.engagements) this.track(this.recordEngagement(e));
      for (const a of result.arrivals) this.arrivals.push(a);
    }
    if (this.due > MAX_STEPS_PER_TICK) this.due = 0;
    if (now - this.lastCheckpointAt >= CHECKPOINT_EVERY_MS) {
      this.lastCheckpointAt = now;
      this.track(this.checkpoint());
    }
  }

  private recordEngagement(e: SimEngagement): Promise<unknown> {
    return this.engagements
      .record({
        convoyId: e.convoyId,
        droneId: e.droneId,
        hit: e.hit,
        weaponType: e.weaponType,
        targetId: e.targetId,
        recordedAt: e.recordedAt,
        targetLat: e.targetLat,
        targetLon: e.targetLon,
        id: e.id,
        damageAssessment: e.damageAssessment,
      })
      .catch((error: unknown) => this.log.error('simulated engagement not recorded', error));
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Waits for the engagements and checkpoints already started. */
  private async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async checkpoint(): Promise<void> {
    const arrivals = this.arrivals;
    this.arrivals = [];
    const checkpoint: SimulatorCheckpoint = {
      ...this.params,
      startTime: this.startTime,
      simTime: this.now(),
      running: this.running,
    };
    try {
      await this.store.markWaypointsArrived(arrivals);
      await this.store.saveSimulatorCheckpoint(checkpoint);
      this.checkpointFailures.succeeded();
    } catch (error) {
      this.arrivals = arrivals.concat(this.arrivals);
      this.checkpointFailures.failed(error);
    }
  }

  /** Stops stepping and records where the simulation was, keeping `running` for the next start. */
  async close(): Promise<void> {
    const wasRunning = this.running;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.running = false;
    await this.settle();
    this.running = wasRunning;
    await this.checkpoint();
    this.running = false;
    await this.leases.release();
  }
}
