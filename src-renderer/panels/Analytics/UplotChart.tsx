import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { CategoryChart, TimeChart } from './chartData';

interface UplotChartProps {
  chart: TimeChart | CategoryChart;
  unit: string;
  /** Theme colours, read by the panel from the page's CSS variables. */
  colors: { text: string; grid: string; series: readonly string[] };
}

/** A time tick (seconds) as "HH:MM" UTC, with the date where a day starts. */
function utcTick(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return iso.slice(11, 16) === '00:00' ? iso.slice(0, 10) : iso.slice(11, 16);
}

/**
 * uPlot on a canvas: lines for time series, bars for categories. Rebuilt when the data or the
 * theme changes (a report is a handful of points), resized with its box.
 */
export function UplotChart({ chart, unit, colors }: UplotChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const axis = {
      stroke: colors.text,
      grid: { stroke: colors.grid, width: 1 },
      ticks: { show: false },
    };
    const size = {
      width: Math.max(200, box.clientWidth),
      height: Math.max(120, box.clientHeight - 30),
    };
    let plot: uPlot;
    if (chart.kind === 'time') {
      plot = new uPlot(
        {
          ...size,
          legend: { show: true },
          scales: { x: { time: true } },
          // Operators read UTC everywhere in the console: the axis too, on a 24-hour clock.
          axes: [
            { ...axis, values: (_u, ticks) => ticks.map(utcTick), size: 40 },
            { ...axis, label: unit, size: 60 },
          ],
          series: [
            { label: 'time (UTC)' },
            ...chart.series.map((name, i) => ({
              label: name,
              stroke: colors.series[i % colors.series.length]!,
              width: 2,
              spanGaps: true,
            })),
          ],
        },
        chart.data,
        box,
      );
    } else {
      const labels = chart.labels;
      plot = new uPlot(
        {
          ...size,
          legend: { show: false },
          scales: {
            x: { time: false, range: [-0.5, labels.length - 0.5] },
            // Bars stand on zero.
            y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
          },
          axes: [
            {
              ...axis,
              values: (_u, ticks) => ticks.map((t) => labels[Math.round(t)] ?? ''),
              splits: () => labels.map((_, i) => i),
              rotate: labels.length > 12 ? -45 : 0,
              size: labels.length > 12 ? 80 : 40,
            },
            { ...axis, label: unit, size: 60 },
          ],
          series: [
            {},
            {
              label: unit,
              stroke: colors.series[0]!,
              fill: colors.series[0]!,
              paths: uPlot.paths.bars!({ size: [0.7, 40] }),
              points: { show: false },
            },
          ],
        },
        [labels.map((_, i) => i), chart.values],
        box,
      );
    }
    const observer = new ResizeObserver(() =>
      plot.setSize({
        width: Math.max(200, box.clientWidth),
        height: Math.max(120, box.clientHeight - 30),
      }),
    );
    observer.observe(box);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [chart, unit, colors]);
  return <div ref={boxRef} className="analytics__chart" data-testid="analytics-chart" />;
}
