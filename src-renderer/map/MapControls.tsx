import type { GcsApi } from '../../src-shared/contract';
import {
  MAP_LAYERS,
  MAP_LAYER_LABELS,
  requestFitToConvoy,
  toggleFollow,
  toggleLayer,
  useMapSettings,
} from '../state/mapSettings';
import { TileFileControl } from './TileFileControl';

/**
 * The map's own toolbar: layer switches, follow-selected and fit-to-convoy. It renders only when a
 * setting changes, never with live data. Buttons keep a fixed size whatever their state, so
 * switching one moves nothing.
 */
export function MapControls({ api }: { api: GcsApi | null }) {
  const layers = useMapSettings((s) => s.layers);
  const follow = useMapSettings((s) => s.follow);

  return (
    <div className="map-controls" role="toolbar" aria-label="Map" data-testid="map-controls">
      <div className="map-controls__group" role="group" aria-label="Layers">
        {MAP_LAYERS.map((name) => (
          <button
            key={name}
            type="button"
            className="map-controls__button"
            aria-pressed={layers[name]}
            data-testid={`layer-toggle-${name}`}
            onClick={() => toggleLayer(name)}
          >
            {MAP_LAYER_LABELS[name]}
          </button>
        ))}
      </div>
      <div className="map-controls__group" role="group" aria-label="View">
        <button
          type="button"
          className="map-controls__button"
          aria-pressed={follow}
          data-testid="follow-toggle"
          title="Keep the selected drone centred (dragging the map stops it)"
          onClick={toggleFollow}
        >
          Follow
        </button>
        <button
          type="button"
          className="map-controls__button"
          data-testid="fit-convoy"
          title="Fit the map to the selected convoy's drones"
          onClick={requestFitToConvoy}
        >
          Fit convoy
        </button>
      </div>
      <TileFileControl api={api} />
    </div>
  );
}
