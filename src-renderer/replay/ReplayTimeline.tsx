import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { ReplayMarkers } from '../../src-shared/contract';
import { formatDuration } from '../panels/common/format';
import { useGcsStore } from '../state/GcsContext';
import { selectors } from '../state/selectors';

interface ReplayTimelineProps {
  startMs: number;
  endMs: number;
  cursorMs: number;
  markers: ReplayMarkers | null;
  /** Called as the operator drags (at most once an animation frame) and on release. */
  onSeek(atMs: number): void;
}

/**
 * The mission's time axis: engagement markers (hits above the line, misses below, one column per
 * slice of the mission), the cursor, and a scrubber. Drawn on a canvas so 600 marker columns cost
 * one paint; while dragging, the cursor follows the pointer at once and the host is asked for the
 * state at most once a frame (it drops seeks it has not started when a newer one comes).
 */
export function ReplayTimeline({ startMs, endMs, cursorMs, markers, onSeek }: ReplayTimelineProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const theme = useGcsStore(selectors.theme);
  const [dragMs, setDragMs] = useState<number | null>(null);
  const [hoverMs, setHoverMs] = useState<number | null>(null);
  const pendingSeek = useRef<number | null>(null);
  const frame = useRef<number | null>(null);
  const span = Math.max(1, endMs - startMs);
  const shownCursor = dragMs ?? cursorMs;

  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const measure = (): void => setSize({ width: wrap.clientWidth, height: wrap.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(wrap);
    measure();
    return () => observer.disconnect();
  }, []);

  // The markers are drawn when they, the size or the theme change, never as the cursor moves:
  // the cursor is a line of its own, moved by a transform.
  const { width, height } = size;
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0 || height === 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const style = getComputedStyle(canvas);
    const [track, hitColor, missColor] = ['--track', '--ok', '--bad'].map((name) =>
      style.getPropertyValue(name).trim(),
    );
    const mid = Math.round(height / 2);
    ctx.fillStyle = track!;
    ctx.fillRect(0, mid - 1, width, 2);
    if (markers) {
      const bins = markers.hits.length;
      const peak = Math.max(1, ...markers.hits, ...markers.misses);
      const columnWidth = Math.max(1, width / bins);
      const room = mid - 3;
      for (let b = 0; b < bins; b++) {
        const x = (b / bins) * width;
        const hits = markers.hits[b] ?? 0;
        const misses = markers.misses[b] ?? 0;
        if (hits > 0) {
          ctx.fillStyle = hitColor!;
          const h = Math.max(2, (hits / peak) * room);
          ctx.fillRect(x, mid - 1 - h, columnWidth, h);
        }
        if (misses > 0) {
          ctx.fillStyle = missColor!;
          const h = Math.max(2, (misses / peak) * room);
          ctx.fillRect(x, mid + 1, columnWidth, h);
        }
      }
    }
  }, [width, height, markers, theme]);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const timeAt = (event: ReactPointerEvent): number => {
    const rect = event.currentTarget.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (event.clientX - rect.left) / Math.max(1, rect.width)));
    return startMs + f * span;
  };
  const seekSoon = (atMs: number): void => {
    pendingSeek.current = atMs;
    frame.current ??= requestAnimationFrame(() => {
      frame.current = null;
      if (pendingSeek.current !== null) onSeek(pendingSeek.current);
      pendingSeek.current = null;
    });
  };

  return (
    <div
      ref={wrapRef}
      className="replay-timeline"
      data-testid="replay-timeline"
      role="slider"
      tabIndex={-1}
      aria-label="Mission time"
      aria-valuemin={startMs}
      aria-valuemax={endMs}
      aria-valuenow={Math.round(shownCursor)}
      aria-valuetext={`T+${formatDuration(shownCursor - startMs)}`}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        const at = timeAt(event);
        setDragMs(at);
        seekSoon(at);
      }}
      onPointerMove={(event) => {
        const at = timeAt(event);
        setHoverMs(at);
        if (dragMs === null) return;
        setDragMs(at);
        seekSoon(at);
      }}
      onPointerUp={(event) => {
        if (dragMs === null) return;
        const at = timeAt(event);
        pendingSeek.current = null;
        onSeek(at);
        setDragMs(null);
      }}
      onPointerLeave={() => setHoverMs(null)}
    >
      <canvas ref={canvasRef} className="replay-timeline__canvas" />
      <span
        className="replay-timeline__cursor"
        data-testid="replay-cursor"
        style={{ transform: `translateX(${((shownCursor - startMs) / span) * width - 1}px)` }}
      />
      {hoverMs !== null && (
        <span
          className="replay-timeline__hover mono"
          style={{ left: `${((hoverMs - startMs) / span) * 100}%` }}
        >
          T+{formatDuration(hoverMs - startMs)}
        </span>
      )}
    </div>
  );
}
