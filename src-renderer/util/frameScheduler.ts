/**
 * Coalesces any number of `schedule()` calls into one run of `task` on the next animation frame.
 * Live data arrives far more often than a screen can show it (telemetry at 10 Hz, leaderboard
 * and summary events per engagement); running the work once per painted frame caps its cost, and
 * a hidden window, which gets no animation frames, does no work at all.
 */
export interface FrameScheduler {
  schedule(): void;
  /** Drops a scheduled run; `schedule()` works again afterwards. */
  cancel(): void;
}

export function createFrameScheduler(task: () => void): FrameScheduler {
  let handle: number | null = null;
  const run = (): void => {
    handle = null;
    task();
  };
  return {
    schedule() {
      if (handle === null) handle = requestAnimationFrame(run);
    },
    cancel() {
      if (handle !== null) cancelAnimationFrame(handle);
      handle = null;
    },
  };
}
