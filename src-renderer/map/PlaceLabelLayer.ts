import { CanvasOverlay, type CanvasView } from './CanvasOverlay';
import type { MapPalette } from './mapPalette';
import { mercatorX, mercatorY } from './mercator';
import { PANES } from './panes';
import { PLACE_NAMES, type PlaceName } from './placeNames';

/** The zoom from which names of each rank show (ranks in placeNames.ts). */
const MIN_ZOOM_BY_RANK = { 1: 0, 2: 5, 3: 6 } as const;
/** Country names help when zoomed out and only clutter when zoomed in. */
const COUNTRY_MAX_ZOOM = 8;
const DOT_RADIUS_PX = 2.5;
/** Free space kept around each name, so neighbours do not touch. */
const GAP_PX = 3;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * City and country names on one canvas: a few dozen labels drawn as text with a dark halo, no DOM
 * node each. Redrawn on pan and zoom only. Where two names would overlap the more important one
 * (capitals, then cities by rank, then countries) is drawn and the other left out.
 */
export class PlaceLabelLayer extends CanvasOverlay {
  /** Places in drawing priority. */
  private readonly places: readonly PlaceName[];

  constructor(private palette: MapPalette) {
    super(PANES.labels.name);
    const order = (p: PlaceName): number =>
      p.kind === 'country' ? 10 : p.rank * 2 - (p.kind === 'capital' ? 1 : 0);
    this.places = [...PLACE_NAMES].sort((a, b) => order(a) - order(b));
  }

  setPalette(palette: MapPalette): void {
    this.palette = palette;
    this.schedule();
  }

  protected override draw(view: CanvasView): void {
    const { ctx, width, height, zoom, scale, offsetX, offsetY } = view;
    const palette = this.palette;
    const taken: Box[] = [];
    const dots: { x: number; y: number; capital: boolean }[] = [];
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = palette.halo;

    for (const place of this.places) {
      const country = place.kind === 'country';
      if (country ? zoom > COUNTRY_MAX_ZOOM : zoom < MIN_ZOOM_BY_RANK[place.rank]) continue;
      const x = mercatorX(place.lon) * scale - offsetX;
      const y = mercatorY(place.lat) * scale - offsetY;
      if (x < -200 || y < -50 || x > width + 200 || y > height + 50) continue;

      ctx.font = country
        ? `600 12px ${palette.font}`
        : `${place.kind === 'capital' ? 700 : 500} ${place.rank === 3 ? 11 : 12}px ${palette.font}`;
      if ('letterSpacing' in ctx) ctx.letterSpacing = country ? '3px' : '0px';
      const textWidth = ctx.measureText(place.name).width;
      const textX = country ? x - textWidth / 2 : x + DOT_RADIUS_PX + 4;
      const box: Box = {
        left: (country ? textX : x - DOT_RADIUS_PX) - GAP_PX,
        top: y - 8 - GAP_PX,
        right: textX + textWidth + GAP_PX,
        bottom: y + 8 + GAP_PX,
      };
      if (taken.some((other) => overlaps(box, other))) continue;
      taken.push(box);

      ctx.lineWidth = 3;
      ctx.strokeText(place.name, textX, y);
      ctx.fillStyle = country ? palette.countryText : palette.cityText;
      ctx.fillText(place.name, textX, y);
      if (!country) dots.push({ x, y, capital: place.kind === 'capital' });
    }
    if ('letterSpacing' in ctx) ctx.letterSpacing = '0px';

    // Dots last, above any neighbouring text halo.
    ctx.beginPath();
    for (const dot of dots) {
      ctx.moveTo(dot.x + DOT_RADIUS_PX, dot.y);
      ctx.arc(dot.x, dot.y, DOT_RADIUS_PX, 0, 2 * Math.PI);
    }
    ctx.fillStyle = palette.cityDot;
    ctx.fill();
    ctx.lineWidth = 1;
    ctx.stroke();
    // Capitals get a ring around the dot.
    ctx.beginPath();
    for (const dot of dots) {
      if (!dot.capital) continue;
      ctx.moveTo(dot.x + DOT_RADIUS_PX + 2.5, dot.y);
      ctx.arc(dot.x, dot.y, DOT_RADIUS_PX + 2.5, 0, 2 * Math.PI);
    }
    ctx.lineWidth = 1;
    ctx.strokeStyle = palette.cityDot;
    ctx.stroke();
  }
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
