import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFrameScheduler } from '../../../src-renderer/util/frameScheduler';

/** Animation frames the test paints by hand, so "next frame" is whenever the test says. */
let frames: Map<number, FrameRequestCallback>;
let nextHandle: number;

function paint(): void {
  const due = [...frames.values()];
  frames.clear();
  for (const callback of due) callback(0);
}

beforeEach(() => {
  frames = new Map();
  nextHandle = 1;
  vi.stubGlobal(
    'requestAnimationFrame',
    vi.fn((callback: FrameRequestCallback) => {
      const handle = nextHandle++;
      frames.set(handle, callback);
      return handle;
    }),
  );
  vi.stubGlobal(
    'cancelAnimationFrame',
    vi.fn((handle: number) => frames.delete(handle)),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createFrameScheduler', () => {
  it('runs nothing until the next frame', () => {
    const task = vi.fn();
    createFrameScheduler(task).schedule();
    expect(task).not.toHaveBeenCalled();
    paint();
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('coalesces any number of schedule() calls into one run per frame', () => {
    const task = vi.fn();
    const scheduler = createFrameScheduler(task);
    for (let i = 0; i < 50; i++) scheduler.schedule();
    expect(requestAnimationFrame).toHaveBeenCalledTimes(1);
    paint();
    paint();
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('schedules again after a run', () => {
    const task = vi.fn();
    const scheduler = createFrameScheduler(task);
    scheduler.schedule();
    paint();
    scheduler.schedule();
    paint();
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('lets the task schedule its own next run', () => {
    let runs = 0;
    const scheduler = createFrameScheduler(() => {
      runs++;
      if (runs < 3) scheduler.schedule();
    });
    scheduler.schedule();
    paint();
    paint();
    paint();
    paint();
    expect(runs).toBe(3);
  });

  it('cancel() drops a scheduled run, and schedule() works afterwards', () => {
    const task = vi.fn();
    const scheduler = createFrameScheduler(task);
    scheduler.schedule();
    scheduler.cancel();
    paint();
    expect(task).not.toHaveBeenCalled();
    scheduler.schedule();
    paint();
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('cancel() with nothing scheduled does not touch animation frames', () => {
    createFrameScheduler(vi.fn()).cancel();
    expect(cancelAnimationFrame).not.toHaveBeenCalled();
  });

  it('keeps schedulers independent of each other', () => {
    const a = vi.fn();
    const b = vi.fn();
    const sa = createFrameScheduler(a);
    const sb = createFrameScheduler(b);
    sa.schedule();
    sb.schedule();
    sa.cancel();
    paint();
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
  });
});
