import type { Core } from '../../src-main/core/createCore';
import type { EngagementResult } from '../../src-shared/contract';

/**
 * Records engagements round the fleet, one every `intervalMs`, until stopped, as an operator's
 * console would while a fault test breaks something underneath: what was acknowledged and what
 * was refused are kept for the test to account for.
 */
export function startEngagementRecorder(core: Core, intervalMs: number) {
  const drones = core.registry.drones();
  const acknowledged: EngagementResult[] = [];
  const failures: unknown[] = [];
  let recording = true;
  const done = (async () => {
    for (let n = 0; recording; n++) {
      const drone = drones[n % drones.length]!;
      try {
        acknowledged.push(
          await core.engagements.record({
            convoyId: drone.convoyId,
            droneId: drone.id,
            hit: n % 3 !== 0,
            weaponType: 'GBU38_JDAM',
            targetId: `T-${n}`,
          }),
        );
      } catch (error) {
        failures.push(error);
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    acknowledged,
    failures,
    async stop(): Promise<void> {
      recording = false;
      await done;
    },
  };
}
