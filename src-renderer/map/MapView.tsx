import { useEffect, useRef } from 'react';
import 'leaflet/dist/leaflet.css';
import { useGcsStoreApi, useTelemetry } from '../state/GcsContext';
import { createTacticalMap } from './createTacticalMap';
import { DroneCanvasLayer } from './DroneCanvasLayer';

/**
 * Hosts the Leaflet map. React renders the container once; from then on Leaflet and the drone
 * layer own the DOM inside it, fed by store subscriptions rather than props, so live data never
 * re-renders this component.
 */
export function MapView() {
  const containerRef = useRef<HTMLDivElement>(null);
  const store = useGcsStoreApi();
  const telemetry = useTelemetry();

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = createTacticalMap(container);
    const drones = new DroneCanvasLayer({
      telemetry,
      onSelect: (droneId) => store.getState().selectDrone(droneId),
      // For end-to-end tests: how many drones the map actually shows. Written from the layer's
      // animation-frame redraw, and only when it changes.
      onDrawn: (count) => {
        const value = String(count);
        if (container.dataset['dronesDrawn'] !== value) container.dataset['dronesDrawn'] = value;
      },
    }).addTo(map);

    const initial = store.getState();
    drones.setRoster(initial.droneIndex, initial.convoyColors);
    drones.setSelectedDrone(initial.selectedDroneId);
    const unsubscribe = store.subscribe((next, previous) => {
      if (next.droneIndex !== previous.droneIndex || next.convoyColors !== previous.convoyColors) {
        drones.setRoster(next.droneIndex, next.convoyColors);
      }
      if (next.selectedDroneId !== previous.selectedDroneId) {
        drones.setSelectedDrone(next.selectedDroneId);
      }
    });
    // The panels beside the map can change its size without a window resize.
    const resize = new ResizeObserver(() => map.invalidateSize({ pan: false }));
    resize.observe(container);

    return () => {
      resize.disconnect();
      unsubscribe();
      map.remove();
    };
  }, [store, telemetry]);

  return <div ref={containerRef} className="map" data-testid="map" data-drones-drawn="0" />;
}
