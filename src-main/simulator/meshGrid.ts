import type { BoundingBox } from '../../src-shared/model';
import { EARTH_RADIUS_M } from '../domain/geo';

const RAD = Math.PI / 180;
const METRES_PER_DEG = EARTH_RADIUS_M * RAD;
/**
 * Cells are a third of a radio range wide: a drone's peers are then within three cells of its own,
 * and small cells settle more cell pairs wholesale (see below); 3 measured fastest at 2,000 drones.
 */
const CELLS_PER_RANGE = 3;
const REACH = CELLS_PER_RANGE;
/** The half of the surrounding cells that a cell pairs with, so each cell pair is seen once. */
const FORWARD_CELLS: readonly (readonly [number, number])[] = (() => {
  const cells: [number, number][] = [];
  for (let dCol = 1; dCol <= REACH; dCol++) cells.push([0, dCol]);
  for (let dRow = 1; dRow <= REACH; dRow++) {
    for (let dCol = -REACH; dCol <= REACH; dCol++) cells.push([dRow, dCol]);
  }
  return cells;
})();

/**
 * Radio links between drones of one convoy, rebuilt every tick.
 *
 * Cells are sized so that a drone's peers all lie within REACH cells of its own. Drones are
 * bucketed by a counting sort into preallocated arrays. Convoys fly and
 * park in tight clusters (hundreds of drones within a few km), where testing every pair would
 * cost O(n²) per cluster; so each cell also keeps the bounds of its drones, and two cells whose
 * joint bounds fit inside the radio range are linked wholesale (or skipped when their bounds are
 * out of range), leaving pair tests only for cells that straddle the range.
 *
 * Distances use the equirectangular approximation with the mean of both cosines: well under
 * 0.1 % off at 40 km, symmetric, and with no trigonometry in the pair loop. The bounds tests
 * are conservative versions of the same formula, so both paths agree with `neighbours()`.
 */
export class MeshGrid {
  private readonly lat: Float64Array;
  private readonly lon: Float64Array;
  private readonly cosLat: Float64Array;
  private readonly cellOf: Int32Array;
  private readonly order: Int32Array;
  private readonly links: Int32Array;
  private readonly cellStart: Int32Array;
  private readonly cellFill: Int32Array;
  private readonly cellMinLat: Float64Array;
  private readonly cellMaxLat: Float64Array;
  private readonly cellMinLon: Float64Array;
  private readonly cellMaxLon: Float64Array;
  private readonly cellMinCos: Float64Array;
  private readonly cellMaxCos: Float64Array;
  private readonly rangeDeg2: number;
  private readonly cellLatDeg: number;
  private readonly cellLonDeg: number;
  private readonly rows: number;
  private readonly cols: number;

  constructor(
    private readonly bbox: BoundingBox,
    rangeM: number,
    private readonly convoyOf: Int32Array,
    convoyCount: number,
  ) {
    const n = convoyOf.length;
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.cosLat = new Float64Array(n);
    this.cellOf = new Int32Array(n).fill(-1);
    this.order = new Int32Array(n);
    this.links = new Int32Array(n);
    const rangeDeg = rangeM / METRES_PER_DEG;
    this.rangeDeg2 = rangeDeg * rangeDeg;
    this.cellLatDeg = rangeDeg / CELLS_PER_RANGE;
    // A degree of longitude is shortest at the box's poleward edge; size cells for that edge.
    const maxAbsLat = Math.max(Math.abs(bbox.minLat), Math.abs(bbox.maxLat));
    this.cellLonDeg = rangeDeg / CELLS_PER_RANGE / Math.cos(Math.min(89, maxAbsLat) * RAD);
    this.rows = Math.floor((bbox.maxLat - bbox.minLat) / this.cellLatDeg) + 1;
    this.cols = Math.floor((bbox.maxLon - bbox.minLon) / this.cellLonDeg) + 1;
    const cells = convoyCount * this.rows * this.cols;
    this.cellStart = new Int32Array(cells + 1);
    this.cellFill = new Int32Array(cells);
    this.cellMinLat = new Float64Array(cells);
    this.cellMaxLat = new Float64Array(cells);
    this.cellMinLon = new Float64Array(cells);
    this.cellMaxLon = new Float64Array(cells);
    this.cellMinCos = new Float64Array(cells);
    this.cellMaxCos = new Float64Array(cells);
  }

  /** Records drone `i`'s position for the next rebuild; inactive drones have no links. */
  set(i: number, lat: number, lon: number, active: boolean): void {
    this.lat[i] = lat;
    this.lon[i] = lon;
    this.cosLat[i] = Math.cos(lat * RAD);
    if (!active) {
      this.cellOf[i] = -1;
      return;
    }
    const row = clampIndex((lat - this.bbox.minLat) / this.cellLatDeg, this.rows);
    const col = clampIndex((lon - this.bbox.minLon) / this.cellLonDeg, this.cols);
    this.cellOf[i] = ((this.convoyOf[i] ?? 0) * this.rows + row) * this.cols + col;
  }

  rebuild(): void {
    this.bucket();
    this.links.fill(0);
    const { cellStart } = this;
    const cellsPerConvoy = this.rows * this.cols;
    for (let key = 0; key < cellStart.length - 1; key++) {
      if (cellStart[key] === cellStart[key + 1]) continue;
      this.linkCells(key, key);
      const convoyBase = key - (key % cellsPerConvoy);
      const row = Math.floor((key % cellsPerConvoy) / this.cols);
      const col = key % this.cols;
      for (const [dRow, dCol] of FORWARD_CELLS) {
        const r = row + dRow;
        const c = col + dCol;
        if (r < 0 || r >= this.rows || c < 0 || c >= this.cols) continue;
        const other = convoyBase + r * this.cols + c;
        if (cellStart[other] !== cellStart[other + 1]) this.linkCells(key, other);
      }
    }
  }

  linkCount(i: number): number {
    return this.links[i] ?? 0;
  }

  /** Indices of drone `i`'s linked peers as of the last rebuild, ascending. */
  neighbours(i: number): number[] {
    const key = this.cellOf[i] ?? -1;
    if (key < 0) return [];
    const cellsPerConvoy = this.rows * this.cols;
    const convoyBase = key - (key % cellsPerConvoy);
    const row = Math.floor((key % cellsPerConvoy) / this.cols);
    const col = key % this.cols;
    const found: number[] = [];
    for (let r = row - REACH; r <= row + REACH; r++) {
      for (let c = col - REACH; c <= col + REACH; c++) {
        if (r < 0 || r >= this.rows || c < 0 || c >= this.cols) continue;
        const cell = convoyBase + r * this.cols + c;
        const to = this.cellStart[cell + 1] ?? 0;
        for (let slot = this.cellStart[cell] ?? 0; slot < to; slot++) {
          const j = this.order[slot] ?? 0;
          if (j !== i && this.inRange(i, j)) found.push(j);
        }
      }
    }
    return found.sort((x, y) => x - y);
  }

  /** Counting sort of the active drones by cell, and each occupied cell's bounds. */
  private bucket(): void {
    const { cellOf, cellStart, cellFill, order } = this;
    cellStart.fill(0);
    for (let i = 0; i < cellOf.length; i++) {
      const key = cellOf[i] ?? -1;
      if (key >= 0) cellStart[key + 1] = (cellStart[key + 1] ?? 0) + 1;
    }
    for (let k = 1; k < cellStart.length; k++) {
      cellStart[k] = (cellStart[k] ?? 0) + (cellStart[k - 1] ?? 0);
    }
    cellFill.set(cellStart.subarray(0, cellFill.length));
    for (let i = 0; i < cellOf.length; i++) {
      const key = cellOf[i] ?? -1;
      if (key < 0) continue;
      const slot = cellFill[key] ?? 0;
      order[slot] = i;
      cellFill[key] = slot + 1;
      const lat = this.lat[i] ?? 0;
      const lon = this.lon[i] ?? 0;
      const cos = this.cosLat[i] ?? 0;
      const first = slot === (cellStart[key] ?? 0);
      this.cellMinLat[key] = first ? lat : Math.min(this.cellMinLat[key] ?? lat, lat);
      this.cellMaxLat[key] = first ? lat : Math.max(this.cellMaxLat[key] ?? lat, lat);
      this.cellMinLon[key] = first ? lon : Math.min(this.cellMinLon[key] ?? lon, lon);
      this.cellMaxLon[key] = first ? lon : Math.max(this.cellMaxLon[key] ?? lon, lon);
      this.cellMinCos[key] = first ? cos : Math.min(this.cellMinCos[key] ?? cos, cos);
      this.cellMaxCos[key] = first ? cos : Math.max(this.cellMaxCos[key] ?? cos, cos);
    }
  }

  /** Adds the links between the drones of cells `a` and `b` (`a === b`: within one cell). */
  private linkCells(a: number, b: number): void {
    const { cellStart, order, links } = this;
    const aFrom = cellStart[a] ?? 0;
    const aTo = cellStart[a + 1] ?? 0;
    const bFrom = cellStart[b] ?? 0;
    const bTo = cellStart[b + 1] ?? 0;
    const minLatA = this.cellMinLat[a] ?? 0;
    const maxLatA = this.cellMaxLat[a] ?? 0;
    const minLonA = this.cellMinLon[a] ?? 0;
    const maxLonA = this.cellMaxLon[a] ?? 0;
    const minLatB = this.cellMinLat[b] ?? 0;
    const maxLatB = this.cellMaxLat[b] ?? 0;
    const minLonB = this.cellMinLon[b] ?? 0;
    const maxLonB = this.cellMaxLon[b] ?? 0;

    // Farthest any two drones can be apart, with the widest longitude degree of either cell.
    const spanLat = Math.max(maxLatA, maxLatB) - Math.min(minLatA, minLatB);
    const spanLon =
      (Math.max(maxLonA, maxLonB) - Math.min(minLonA, minLonB)) *
      Math.max(this.cellMaxCos[a] ?? 0, this.cellMaxCos[b] ?? 0);
    if (spanLat * spanLat + spanLon * spanLon <= this.rangeDeg2) {
      const countA = aTo - aFrom;
      const countB = bTo - bFrom;
      for (let s = aFrom; s < aTo; s++) {
        const i = order[s] ?? 0;
        links[i] = (links[i] ?? 0) + (a === b ? countA - 1 : countB);
      }
      if (a !== b) {
        for (let s = bFrom; s < bTo; s++) {
          const i = order[s] ?? 0;
          links[i] = (links[i] ?? 0) + countA;
        }
      }
      return;
    }
    if (a !== b) {
      // Nearest any two drones can be, with the narrowest longitude degree of either cell.
      const gapLat = Math.max(0, minLatB - maxLatA, minLatA - maxLatB);
      const gapLon =
        Math.max(0, minLonB - maxLonA, minLonA - maxLonB) *
        Math.min(this.cellMinCos[a] ?? 0, this.cellMinCos[b] ?? 0);
      if (gapLat * gapLat + gapLon * gapLon > this.rangeDeg2) return;
    }

    for (let s = aFrom; s < aTo; s++) {
      const i = order[s] ?? 0;
      for (let t = a === b ? s + 1 : bFrom; t < bTo; t++) {
        const j = order[t] ?? 0;
        if (this.inRange(i, j)) {
          links[i] = (links[i] ?? 0) + 1;
          links[j] = (links[j] ?? 0) + 1;
        }
      }
    }
  }

  private inRange(a: number, b: number): boolean {
    const dLat = (this.lat[a] ?? 0) - (this.lat[b] ?? 0);
    const meanCos = 0.5 * ((this.cosLat[a] ?? 0) + (this.cosLat[b] ?? 0));
    const dLon = ((this.lon[a] ?? 0) - (this.lon[b] ?? 0)) * meanCos;
    return dLat * dLat + dLon * dLon <= this.rangeDeg2;
  }
}

function clampIndex(value: number, size: number): number {
  return Math.min(size - 1, Math.max(0, Math.floor(value)));
}
