import * as L from 'leaflet';
import type { TileSourceStatus } from '../../src-shared/contract';

export interface RasterTilesReport {
  /** The URL template now drawn, or '' when none. */
  template: string;
  /** Tiles loaded since the current file was shown: tests and the form read it. */
  loaded: number;
  errors: number;
}

/**
 * The operator's offline raster tiles as a Leaflet tile layer in Leaflet's own tilePane, under the
 * vector basemap (panes.ts). Beyond the file's deepest zoom Leaflet scales that zoom's tiles up
 * rather than asking for tiles that do not exist; outside the file's bounds it asks for nothing.
 * Calls `onShown(true)` while a file is drawn, so the caller can drop the basemap's land fill,
 * which would otherwise hide the imagery.
 */
export class RasterTiles {
  private layer: L.TileLayer | null = null;
  /** null until the first show(), so that one reports even when there is nothing to draw. */
  private template: string | null = null;
  private loaded = 0;
  private errors = 0;

  constructor(
    private readonly map: L.Map,
    private readonly onShown: (shown: boolean) => void,
    private readonly onReport: (report: RasterTilesReport) => void,
  ) {}

  show(status: TileSourceStatus | null): void {
    const template = status?.active && status.urlTemplate ? status.urlTemplate : '';
    if (template === this.template) return;
    this.layer?.remove();
    this.layer = null;
    this.template = template;
    this.loaded = 0;
    this.errors = 0;
    if (status && template) {
      const options: L.TileLayerOptions = {
        pane: 'tilePane',
        minZoom: this.map.getMinZoom(),
        maxZoom: this.map.getMaxZoom(),
        minNativeZoom: status.minZoom,
        maxNativeZoom: status.maxZoom,
        // Missing tiles (sea, or outside the area the file covers) stay transparent.
        errorTileUrl: TRANSPARENT_PIXEL,
        keepBuffer: 2,
      };
      const b = status.bounds;
      if (b) options.bounds = L.latLngBounds([b.minLat, b.minLon], [b.maxLat, b.maxLon]);
      const layer = L.tileLayer(template, options);
      layer.on('tileload', () => {
        this.loaded++;
        this.report();
      });
      layer.on('tileerror', () => {
        this.errors++;
        this.report();
      });
      this.layer = layer.addTo(this.map);
    }
    this.onShown(template !== '');
    this.report();
  }

  remove(): void {
    this.layer?.remove();
    this.layer = null;
  }

  private report(): void {
    this.onReport({ template: this.template ?? '', loaded: this.loaded, errors: this.errors });
  }
}

const TRANSPARENT_PIXEL =
  'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
