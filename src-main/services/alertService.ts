import { randomUUID } from 'node:crypto';
import type { AlertSettings } from '../../src-shared/contract';
import { notFound } from '../../src-shared/errors';
import type { Alert } from '../../src-shared/model';
import type { EventBus } from '../core/eventBus';
import { FailureLog } from '../core/failureLog';
import type { Logger } from '../core/logger';
import {
  alertKey,
  evaluateAlerts,
  type AlertThresholds,
  type DroneSnapshot,
} from '../domain/alertRules';
import type { Store } from '../store/Store';
import type { FleetRegistry } from './fleetRegistry';
import type { TelemetryService } from './telemetryService';

/** Cleared alerts kept in memory (and listed) besides every open one. */
const CLEARED_KEPT = 500;
const EVALUATE_EVERY_MS = 1000;

/**
 * Raises, updates and clears alerts from the domain's rules, once a second, against the newest
 * telemetry of every drone. Every change is stored (so recent alerts survive a restart) and then
 * published as `alert.changed`.
 */
export class AlertService {
  private readonly openByKey = new Map<string, Alert>();
  private cleared: Alert[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private evaluating = false;
  /** Changes the store has not taken yet (it was away): saved with the next pass, newest wins. */
  private readonly unsaved = new Map<string, Alert>();
  private readonly saveFailures: FailureLog;

  constructor(
    private readonly store: Store,
    private readonly registry: FleetRegistry,
    private readonly telemetry: TelemetryService,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly clock: () => number,
    private readonly thresholds: AlertThresholds,
  ) {
    this.thresholds = { ...thresholds };
    this.saveFailures = new FailureLog(log, 'saving alerts');
  }

  async init(): Promise<void> {
    for (const alert of await this.store.recentAlerts(CLEARED_KEPT)) {
      if (alert.clearedAt === null) this.openByKey.set(alertKey(alert.kind, alert.droneIds), alert);
      else this.cleared.push(alert);
    }
  }

  start(): void {
    this.timer ??= setInterval(() => void this.evaluate(), EVALUATE_EVERY_MS);
  }

  /** One pass of the rules; exposed so tests can drive it without waiting for the timer. */
  async evaluate(): Promise<Alert[]> {
    if (this.evaluating) return [];
    this.evaluating = true;
    try {
      const now = this.clock();
      const snapshots: DroneSnapshot[] = [];
      for (const d of this.registry.drones()) {
        const row = this.telemetry.latest(d.id);
        if (!row) continue;
        snapshots.push({ ...row, droneId: d.id, convoyId: d.convoyId, callsign: d.callsign });
      }
      const conditions = evaluateAlerts(
        snapshots,
        now,
        (convoyId) => this.registry.convoy(convoyId)?.aor.bbox,
        this.thresholds,
        new Set(this.openByKey.keys()),
      );
      const changed: Alert[] = [];
      const holding = new Set<string>();
      for (const c of conditions) {
        holding.add(c.key);
        const existing = this.openByKey.get(c.key);
        if (!existing) {
          const alert: Alert = {
            id: randomUUID(),
            kind: c.kind,
            severity: c.severity,
            droneIds: c.droneIds,
            convoyId: c.convoyId,
            message: c.message,
            raisedAt: now,
            clearedAt: null,
            acknowledgedAt: null,
          };
          this.openByKey.set(c.key, alert);
          changed.push(alert);
        } else if (existing.severity !== c.severity) {
          // Escalation (or easing) is news; a message that only ticks (fuel 24% → 23%) is not.
          const updated = { ...existing, severity: c.severity, message: c.message };
          this.openByKey.set(c.key, updated);
          changed.push(updated);
        }
      }
      for (const [key, alert] of this.openByKey) {
        if (holding.has(key)) continue;
        // A drone that has left the fleet (a re-planned simulation) clears too.
        const cleared = { ...alert, clearedAt: now };
        this.openByKey.delete(key);
        this.cleared.unshift(cleared);
        changed.push(cleared);
      }
      if (this.cleared.length > CLEARED_KEPT) this.cleared.length = CLEARED_KEPT;
      // The console hears of a change at once; the store gets it now or, if it is away, with a
      // later pass (the changes wait in memory, the newest state of each alert winning).
      for (const alert of changed) {
        this.unsaved.set(alert.id, alert);
        this.bus.emit('alert.changed', alert);
      }
      await this.saveUnsaved();
      return changed;
    } catch (error) {
      this.log.warn('alert evaluation failed', error);
      return [];
    } finally {
      this.evaluating = false;
    }
  }

  private async saveUnsaved(): Promise<void> {
    if (this.unsaved.size === 0) return;
    const batch = [...this.unsaved.values()];
    try {
      await this.store.saveAlerts(batch);
      // Only what was saved: a newer state set meanwhile stays for the next pass.
      for (const alert of batch)
        if (this.unsaved.get(alert.id) === alert) this.unsaved.delete(alert.id);
      this.saveFailures.succeeded();
    } catch (error) {
      this.saveFailures.failed(error);
    }
  }

  /** Changes thresholds from the next evaluation on; returns the settings now in force. */
  configure(settings: Partial<AlertSettings>): AlertSettings {
    if (settings.lowFuelPct !== undefined) this.thresholds.lowFuelPct = settings.lowFuelPct;
    if (settings.proximityM !== undefined) this.thresholds.proximityM = settings.proximityM;
    return this.settings();
  }

  settings(): AlertSettings {
    return { lowFuelPct: this.thresholds.lowFuelPct, proximityM: this.thresholds.proximityM };
  }

  list(includeCleared: boolean, limit: number): Alert[] {
    const open = [...this.openByKey.values()];
    const all = includeCleared ? open.concat(this.cleared) : open;
    return all.sort((a, b) => b.raisedAt - a.raisedAt || (a.id < b.id ? -1 : 1)).slice(0, limit);
  }

  async acknowledge(alertId: string): Promise<Alert> {
    const openEntry = [...this.openByKey].find(([, a]) => a.id === alertId);
    const clearedIndex = openEntry ? -1 : this.cleared.findIndex((a) => a.id === alertId);
    const alert = openEntry?.[1] ?? this.cleared[clearedIndex];
    if (!alert) throw notFound('alert', alertId);
    if (alert.acknowledgedAt !== null) return alert;
    const acknowledged = { ...alert, acknowledgedAt: this.clock() };
    await this.store.saveAlerts([acknowledged]);
    if (openEntry) this.openByKey.set(openEntry[0], acknowledged);
    else this.cleared[clearedIndex] = acknowledged;
    this.bus.emit('alert.changed', acknowledged);
    return acknowledged;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
