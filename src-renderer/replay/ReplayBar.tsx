import { useState, type FormEvent } from 'react';
import { formatDuration } from '../panels/common/format';
import { REPLAY_SPEEDS, replayControls, useReplay } from '../state/replayState';
import { ReplayTimeline } from './ReplayTimeline';
import { formatReplayClock, parseReplayTime } from './replayTime';

const speedLabel = (speed: number): string => `${speed < 1 ? speed : speed.toFixed(0)}×`;

/** The step buttons either side of play: [test id, label, ms, key]. */
const STEPS = [
  ['replay-step-back-10', '−10s', -10_000, 'Shift+←'],
  ['replay-step-back', '−1s', -1_000, '←'],
  ['replay-step-forward', '+1s', 1_000, '→'],
  ['replay-step-forward-10', '+10s', 10_000, 'Shift+→'],
] as const;

function stepButton([testId, label, deltaMs, key]: (typeof STEPS)[number]) {
  return (
    <button
      key={testId}
      type="button"
      className="button button--small"
      data-testid={testId}
      title={`${deltaMs < 0 ? 'Back' : 'Forward'} ${Math.abs(deltaMs) / 1000} s (${key})`}
      onClick={() => replayControls.step(deltaMs)}
    >
      {label}
    </button>
  );
}

/**
 * The replay's controls along the bottom of the map while a mission is open: play and pause,
 * direction, speed, steps, a "go to" field, the timeline with its engagement markers, and the
 * mission clock. Everything here asks the host; what the map and panels show follows its events.
 */
export function ReplayBar() {
  const status = useReplay((s) => s.status);
  const markers = useReplay((s) => s.markers);
  const lastError = useReplay((s) => s.lastError);
  const [goTo, setGoTo] = useState('');
  const [goToError, setGoToError] = useState<string | null>(null);
  if (!status?.active) return null;
  const { startMs, endMs, cursorMs, playing, speed, reverse } = status;

  const submitGoTo = (event: FormEvent): void => {
    event.preventDefault();
    const at = parseReplayTime(goTo, startMs, endMs);
    if (at === null) {
      setGoToError('HH:MM:SS, YYYY-MM-DD HH:MM:SS or +M:SS');
      return;
    }
    setGoToError(null);
    setGoTo('');
    replayControls.seek(at);
  };

  return (
    <section
      className="replay-bar"
      aria-label="Mission replay"
      data-testid="replay-bar"
      data-playing={playing}
      data-reverse={reverse}
    >
      <div className="replay-bar__row">
        <span className="replay-bar__badge" title={status.folder ?? undefined}>
          Replay
        </span>
        <span className="replay-bar__name" data-testid="replay-name" title={status.folder ?? ''}>
          {status.name}
        </span>
        <span className="replay-bar__clock mono" data-testid="replay-clock" data-cursor={cursorMs}>
          {formatReplayClock(cursorMs)}
        </span>
        <span className="replay-bar__elapsed mono dim">
          T+{formatDuration(cursorMs - startMs)} / {formatDuration(endMs - startMs)}
        </span>
        {(status.index.progress < 1 || status.index.error) && (
          <span className="replay-bar__index dim" data-testid="replay-indexing">
            {status.index.error
              ? `seek index failed: ${status.index.error}`
              : `indexing ${Math.round(status.index.progress * 100)}%`}
          </span>
        )}
        <button
          type="button"
          className="button button--small replay-bar__close"
          data-testid="replay-close"
          title="Close the mission and go back to the live fleet"
          onClick={() => void replayControls.close()}
        >
          Back to live
        </button>
      </div>
      <div className="replay-bar__row">
        {STEPS.slice(0, 2).map(stepButton)}
        <button
          type="button"
          className="button button--small"
          data-testid="replay-reverse"
          aria-pressed={reverse && playing}
          title="Play backwards"
          onClick={() => replayControls.play(speed, true)}
        >
          ◀
        </button>
        <button
          type="button"
          className="button button--small replay-bar__play"
          data-testid="replay-play"
          aria-pressed={playing}
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
          onClick={() => replayControls.togglePlay()}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <button
          type="button"
          className="button button--small"
          data-testid="replay-forward"
          aria-pressed={!reverse && playing}
          title="Play forwards"
          onClick={() => replayControls.play(speed, false)}
        >
          ▶▶
        </button>
        {STEPS.slice(2).map(stepButton)}
        <select
          className="replay-bar__speed"
          data-testid="replay-speed"
          aria-label="Playback speed"
          value={speed}
          onChange={(event) => replayControls.setSpeed(Number(event.target.value))}
        >
          {REPLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
        <form className="replay-bar__goto" onSubmit={submitGoTo}>
          <input
            className="replay-bar__goto-input mono"
            data-testid="replay-goto"
            aria-label="Go to time"
            placeholder="go to 06:42:10"
            value={goTo}
            onChange={(event) => setGoTo(event.target.value)}
          />
          <button type="submit" className="button button--small">
            Go
          </button>
        </form>
        <ReplayTimeline
          startMs={startMs}
          endMs={endMs}
          cursorMs={cursorMs}
          markers={markers}
          onSeek={(at) => replayControls.seek(at)}
        />
      </div>
      {(goToError ?? lastError) && (
        <div className="replay-bar__error" role="alert" data-testid="replay-error">
          {goToError ?? lastError}
        </div>
      )}
    </section>
  );
}
