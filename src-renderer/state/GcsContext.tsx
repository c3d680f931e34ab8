import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { GcsState, GcsStore } from './gcsStore';
import type { TelemetryBuffer } from './telemetryBuffer';

interface GcsServices {
  store: GcsStore;
  telemetry: TelemetryBuffer;
}

/**
 * The store and the telemetry buffer reach components through context, not module singletons,
 * so a test or a second window can mount the app over its own instances.
 */
const GcsContext = createContext<GcsServices | null>(null);

export function GcsProvider(props: GcsServices & { children: ReactNode }) {
  const { store, telemetry, children } = props;
  const services = useMemo(() => ({ store, telemetry }), [store, telemetry]);
  return <GcsContext.Provider value={services}>{children}</GcsContext.Provider>;
}

function useServices(): GcsServices {
  const services = useContext(GcsContext);
  if (!services) throw new Error('GcsProvider is missing above this component');
  return services;
}

export function useGcsStore<T>(selector: (state: GcsState) => T): T {
  return useStore(useServices().store, selector);
}

/** The store itself, for code that subscribes outside React's render (the map layer). */
export function useGcsStoreApi(): GcsStore {
  return useServices().store;
}

export function useTelemetry(): TelemetryBuffer {
  return useServices().telemetry;
}
