import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type ReactNode,
  type Ref,
} from 'react';

/** Rows drawn beyond each edge of the viewport, so a fast scroll does not show blank space. */
const OVERSCAN_ROWS = 6;

export interface VirtualRowsHandle {
  /** Scrolls the least distance that brings row `index` into view. */
  scrollToIndex(index: number): void;
}

interface VirtualRowsProps {
  count: number;
  /** Row height in rem: rows follow the root font size, which grows on large screens. */
  rowHeightRem: number;
  renderRow(index: number, style: { height: number }): ReactNode;
  className?: string;
  /** Rendered above the rows, inside the scroller, and sticky (a header row). */
  header?: ReactNode;
  handleRef?: Ref<VirtualRowsHandle>;
  'data-testid'?: string;
  role?: string;
  ariaLabel?: string;
}

/**
 * Fixed-height windowing: only the rows in (and just around) the viewport exist in the DOM, so a
 * list of 2,000 drones costs what 30 rows cost. A spacer of the full height keeps the scrollbar
 * true. `data-count` on the scroller says how many rows there are in all, since most of them are
 * not in the DOM.
 */
export function VirtualRows(props: VirtualRowsProps) {
  const { count, rowHeightRem, renderRow, header, handleRef } = props;
  const scrollerRef = useRef<HTMLDivElement>(null);
  const headerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState({ height: 0, rowPx: rowHeightRem * 13 });

  const rowPixels = useCallback((): number => {
    const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 13;
    return Math.round(rowHeightRem * rootPx);
  }, [rowHeightRem]);

  const measure = useCallback(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const next = { height: scroller.clientHeight, rowPx: rowPixels() };
    setViewport((prev) => (prev.height === next.height && prev.rowPx === next.rowPx ? prev : next));
  }, [rowPixels]);

  useLayoutEffect(() => {
    measure();
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const observer = new ResizeObserver(measure);
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [measure]);

  const { height, rowPx } = viewport;
  useImperativeHandle(
    handleRef,
    () => ({
      scrollToIndex(index: number) {
        const scroller = scrollerRef.current;
        if (!scroller || index < 0) return;
        // Measured now, not from state: this may run before the first measurement is rendered.
        const rowPx = rowPixels();
        const top = index * rowPx;
        const visible = scroller.clientHeight - (headerRef.current?.offsetHeight ?? 0);
        if (top < scroller.scrollTop) scroller.scrollTop = top;
        else if (top + rowPx > scroller.scrollTop + visible) {
          scroller.scrollTop = top + rowPx - visible;
        }
      },
    }),
    [rowPixels],
  );

  // A shorter list can leave the scroll position past its end; the browser clamps it, but the
  // scroll event that would tell us may not come.
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (scroller && scroller.scrollTop !== scrollTop) setScrollTop(scroller.scrollTop);
  }, [count, scrollTop]);

  const first = Math.max(0, Math.floor(scrollTop / rowPx) - OVERSCAN_ROWS);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowPx) + OVERSCAN_ROWS);
  const rows: ReactNode[] = [];
  const style = { height: rowPx };
  for (let i = first; i < last; i++) rows.push(renderRow(i, style));

  return (
    <div
      ref={scrollerRef}
      className={`virtual-rows ${props.className ?? ''}`}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      data-testid={props['data-testid']}
      data-count={count}
      role={props.role}
      aria-label={props.ariaLabel}
      aria-rowcount={props.role ? count + (header ? 1 : 0) : undefined}
    >
      {header && (
        <div ref={headerRef} className="virtual-rows__header">
          {header}
        </div>
      )}
      <div className="virtual-rows__spacer" style={{ height: count * rowPx }}>
        <div
          className="virtual-rows__window"
          style={{ transform: `translateY(${first * rowPx}px)` }}
        >
          {rows}
        </div>
      </div>
    </div>
  );
}
