import * as L from 'leaflet';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { MapPalette } from './mapPalette';
import { PANES } from './panes';

type Countries = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/**
 * Land, coastlines and country borders from Natural Earth at 1:50m (the `world-atlas` package),
 * bundled with the app. The TopoJSON (~750 KB) is a chunk of its own, loaded after the first
 * paint, so the console does not wait for it. Each of the three is one vector path, in the
 * basemap pane under the graticule's lines.
 */
export class CountryBorders {
  readonly layer = L.layerGroup();
  private land: L.GeoJSON | null = null;
  private coast: L.GeoJSON | null = null;
  private borders: L.GeoJSON | null = null;
  private disposed = false;
  /** Off while raster tiles are drawn: an opaque land fill would hide them. */
  private landFill = true;

  constructor(
    private palette: MapPalette,
    onLoaded: () => void,
  ) {
    // `?raw` (a string, parsed here) rather than a JSON import: TypeScript would otherwise infer
    // a type for every one of the file's 80,000 points, which adds seconds to each type check.
    void import('world-atlas/countries-50m.json?raw').then(({ default: text }) => {
      if (this.disposed) return;
      const topology = JSON.parse(text) as Countries;
      const { countries, land } = topology.objects;
      const common = { pane: PANES.basemap.name, interactive: false, smoothFactor: 1.5 };
      this.land = L.geoJSON(feature(topology, land), common);
      this.coast = L.geoJSON(
        mesh(topology, land, (a, b) => a === b),
        common,
      );
      this.borders = L.geoJSON(
        mesh(topology, countries, (a, b) => a !== b),
        common,
      );
      this.setPalette(this.palette);
      // Under the graticule and the AOR, which are in the layer group's pane already.
      this.layer.addLayer(this.land).addLayer(this.coast).addLayer(this.borders);
      this.land.bringToBack();
      onLoaded();
    });
  }

  setPalette(palette: MapPalette): void {
    this.palette = palette;
    this.land?.setStyle({
      stroke: false,
      fill: this.landFill,
      fillColor: palette.land,
      fillOpacity: 1,
    });
    this.coast?.setStyle({ color: palette.coast, weight: 1, opacity: 0.9, fill: false });
    this.borders?.setStyle({
      color: palette.border,
      weight: 1,
      opacity: 0.75,
      dashArray: '5 3',
      fill: false,
    });
  }

  setLandFill(on: boolean): void {
    if (on === this.landFill) return;
    this.landFill = on;
    this.setPalette(this.palette);
  }

  dispose(): void {
    this.disposed = true;
    this.layer.clearLayers();
  }
}
