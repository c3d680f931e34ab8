import { useId, useState, type FormEvent } from 'react';
import type { GcsApi } from '../../src-shared/contract';
import { closeTileFile, openTileFile, useTileSource } from '../state/tileSource';

interface TileFileControlProps {
  api: GcsApi | null;
}

/**
 * Opens or closes the offline raster basemap: a PMTiles file on the machine the GCS runs on, named
 * by its path (the host reads it; the page never sees the file). The host remembers the choice,
 * so this is set once per laptop. The form folds away behind one button and keeps a fixed width,
 * so the status and error lines never push the map controls around.
 */
export function TileFileControl({ api }: TileFileControlProps) {
  const status = useTileSource((s) => s.status);
  const busy = useTileSource((s) => s.busy);
  const lastError = useTileSource((s) => s.lastError);
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');
  const inputId = useId();

  const active = status?.active === true;
  const fileName = status?.path ? baseName(status.path) : null;
  const error = lastError ?? status?.error ?? null;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!api || path.trim() === '') return;
    void openTileFile(api, path).then((ok) => {
      if (ok) setPath('');
    });
  };

  return (
    <div className="map-controls__group" role="group" aria-label="Basemap">
      <button
        type="button"
        className="map-controls__button"
        aria-pressed={active}
        aria-expanded={open}
        data-testid="tiles-toggle"
        title={active ? `Offline tiles: ${status?.path ?? ''}` : 'Open an offline tile file'}
        onClick={() => setOpen((v) => !v)}
      >
        Tiles
      </button>
      {open && (
        <form className="tile-file" data-testid="tiles-form" onSubmit={submit}>
          <div className="tile-file__status" data-testid="tiles-status" data-active={active}>
            {active
              ? `${fileName ?? ''} · ${status?.format ?? ''} · z${status?.minZoom ?? 0}–${status?.maxZoom ?? 0}`
              : 'No tile file: vector basemap'}
          </div>
          <label className="tile-file__label" htmlFor={inputId}>
            PMTiles file path
          </label>
          <input
            id={inputId}
            className="tile-file__input"
            data-testid="tiles-path"
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder="/media/usb/aor.pmtiles"
            value={path}
            disabled={busy || !api}
            onChange={(e) => setPath(e.target.value)}
          />
          <div className="tile-file__actions">
            <button
              type="submit"
              className="tile-file__action"
              data-testid="tiles-open"
              disabled={busy || !api || path.trim() === ''}
            >
              Open
            </button>
            <button
              type="button"
              className="tile-file__action"
              data-testid="tiles-close"
              disabled={busy || !api || !active}
              onClick={() => api && void closeTileFile(api)}
            >
              Close file
            </button>
          </div>
          {error && (
            <div className="tile-file__error" role="alert" data-testid="tiles-error">
              {error}
            </div>
          )}
        </form>
      )}
    </div>
  );
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
