import type { GcsStore } from '../state/gcsStore';

/**
 * Selects the next (`step` 1) or previous (-1) drone of the selected convoy, in roster order,
 * wrapping at the ends; with no convoy selected, of the whole fleet.
 */
export function cycleDrone(store: GcsStore, step: 1 | -1): void {
  const state = store.getState();
  const all = state.droneIndex?.drones ?? [];
  const convoyId =
    (state.selectedDroneId !== null && state.dronesById.get(state.selectedDroneId)?.convoyId) ||
    state.selectedConvoyId;
  const pool = convoyId ? all.filter((d) => d.convoyId === convoyId) : all;
  if (pool.length === 0) return;
  const at = pool.findIndex((d) => d.droneId === state.selectedDroneId);
  const next =
    at === -1 ? (step === 1 ? 0 : pool.length - 1) : (at + step + pool.length) % pool.length;
  state.selectDrone(pool[next]?.droneId ?? null);
}
