import { fuelLevel } from './format';

/**
 * Fuel as a bar coloured by band (green > 50 %, amber 25–50 %, red < 25 %). The width moves by
 * transform, so a changing value never reflows anything around it.
 */
export function FuelBar({ pct, compact = false }: { pct: number; compact?: boolean }) {
  const clamped = Math.min(100, Math.max(0, pct));
  return (
    <span
      className={`fuel-bar${compact ? ' fuel-bar--compact' : ''}`}
      data-level={fuelLevel(pct)}
      aria-hidden="true"
    >
      <span className="fuel-bar__fill" style={{ transform: `scaleX(${clamped / 100})` }} />
    </span>
  );
}
