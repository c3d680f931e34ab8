/**
 * The map's colours. Canvas and Leaflet vector styles cannot use CSS variables directly, so they
 * are read once from the map container's computed style (a theme sets `--map-*` custom
 * properties on any ancestor) and read again when the theme changes; each has a default for the
 * dark tactical theme.
 */
export interface MapPalette {
  land: string;
  coast: string;
  border: string;
  graticule: string;
  aor: string;
  cityDot: string;
  cityText: string;
  countryText: string;
  /** Outline behind text and glyphs so they read on any background. */
  halo: string;
  selection: string;
  alert: string;
  /** LOST and LANDED drones. */
  inactive: string;
  /** A drone the roster does not know yet. */
  unknown: string;
  routeDone: string;
  routeCurrent: string;
  font: string;
}

const DEFAULTS: MapPalette = {
  land: '#142231',
  coast: '#3f5b73',
  border: '#7c93a8',
  graticule: '#5a7a94',
  aor: '#d9a441',
  cityDot: '#c9d6e2',
  cityText: '#c9d6e2',
  countryText: '#6f889e',
  halo: 'rgba(6, 10, 14, 0.9)',
  selection: '#ffffff',
  alert: '#ff5252',
  inactive: '#5d6873',
  unknown: '#a7b8c9',
  routeDone: '#6b7d8e',
  routeCurrent: '#ffe082',
  font: 'system-ui, sans-serif',
};

const VARIABLES: Record<Exclude<keyof MapPalette, 'font'>, string> = {
  land: '--map-land',
  coast: '--map-coast',
  border: '--map-border',
  graticule: '--map-graticule',
  aor: '--map-aor',
  cityDot: '--map-city-dot',
  cityText: '--map-city-text',
  countryText: '--map-country-text',
  halo: '--map-halo',
  selection: '--map-selection',
  alert: '--map-alert',
  inactive: '--map-inactive',
  unknown: '--map-unknown',
  routeDone: '--map-route-done',
  routeCurrent: '--map-route-current',
};

export function readMapPalette(element: Element): MapPalette {
  const style = getComputedStyle(element);
  const palette = { ...DEFAULTS };
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof typeof VARIABLES, string][]) {
    const value = style.getPropertyValue(variable).trim();
    if (value) palette[key] = value;
  }
  palette.font = style.fontFamily || DEFAULTS.font;
  return palette;
}

/**
 * Calls `onChange` when a theme switch may have changed the palette: a class, data-* or style
 * attribute change on <html> or <body>, where themes are switched. Returns the stop function.
 */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  for (const element of [document.documentElement, document.body]) {
    observer.observe(element, { attributes: true });
  }
  return () => observer.disconnect();
}
