import { useEffect, useRef } from 'react';
import 'leaflet/dist/leaflet.css';
import type { GcsApi } from '../../src-shared/contract';
import { useGcsStoreApi, useTelemetry } from '../state/GcsContext';
import { MapControls } from './MapControls';
import { startMapController } from './mapController';
import './map.css';

interface MapViewProps {
  /** For the selected drone's route and the convoy mesh; without it the map shows neither. */
  api?: GcsApi | null;
}

/**
 * Hosts the Leaflet map. React renders the container once; from then on Leaflet and the map
 * controller own the DOM inside it, fed by store subscriptions rather than props, so live data
 * never re-renders this component. The controls sit beside the container, not in it: Leaflet
 * would take their clicks for clicks on the map.
 */
export function MapView({ api = null }: MapViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const store = useGcsStoreApi();
  const telemetry = useTelemetry();

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    return startMapController({ container, store, telemetry, api });
  }, [store, telemetry, api]);

  return (
    <div className="map-frame">
      <div ref={containerRef} className="map" data-testid="map" data-drones-drawn="0" />
      <MapControls api={api} />
    </div>
  );
}
