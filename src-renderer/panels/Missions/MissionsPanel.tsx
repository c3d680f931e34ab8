import { useEffect, useId, useState, type FormEvent } from 'react';
import type { GcsApi, MissionExportStatus } from '../../../src-shared/contract';
import type { ConvoySummary } from '../../../src-shared/model';
import { parseReplayTime } from '../../replay/replayTime';
import { replayControls, useReplay } from '../../state/replayState';

interface MissionsPanelProps {
  /** The host itself (not the replay-aware source): exports are of the live store. */
  hostApi: GcsApi;
  /** The desktop app has a folder dialog; the web host reads a typed path on its own machine. */
  desktop: boolean;
}

const PHASE_LABELS: Record<MissionExportStatus['phase'], string> = {
  preparing: 'reading the store',
  tables: 'convoys, drones, routes, engagements',
  telemetry: 'telemetry',
  finishing: 'checking the files',
};

/**
 * Missions: open a mission folder for replay, and export the live store's convoys to a new one.
 * Folders are on the machine the GCS core runs on; the desktop app picks them with its dialog
 * (or takes a folder dropped on the window), the web host takes a typed path.
 */
export function MissionsPanel({ hostApi, desktop }: MissionsPanelProps) {
  return (
    <section className="panel missions" aria-label="Missions" data-testid="missions-panel">
      <div className="missions__columns">
        <OpenMission desktop={desktop} />
        <ExportMission hostApi={hostApi} desktop={desktop} />
        <ExportList />
      </div>
    </section>
  );
}

function OpenMission({ desktop }: { desktop: boolean }) {
  const opening = useReplay((s) => s.opening);
  const status = useReplay((s) => s.status);
  const lastError = useReplay((s) => s.lastError);
  const [folder, setFolder] = useState('');
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (folder.trim() === '') return;
    void replayControls.open(folder);
  };
  const browse = async (): Promise<void> => {
    const picked = await replayControls.pickFolder('open-mission');
    if (picked) {
      setFolder(picked);
      void replayControls.open(picked);
    }
  };
  return (
    <form className="missions__section" onSubmit={submit} data-testid="mission-open-form">
      <h3 className="panel__label">Replay a mission</h3>
      <FolderField
        label={`Mission folder${desktop ? '' : ' (on the machine the GCS runs on)'}`}
        testId="mission-open"
        placeholder="/media/usb/missions/2026-06-01"
        folder={folder}
        onChange={setFolder}
        onBrowse={desktop ? () => void browse() : null}
        action={opening ? 'Opening…' : 'Open'}
        disabled={opening}
      />
      <p className="panel__note">
        {desktop
          ? 'Or drop a mission folder on the window. '
          : 'Replay needs only the folder: no network, Redis or ScyllaDB. '}
        {status?.active ? `Replaying: ${status.name ?? ''}` : 'The live fleet is shown.'}
      </p>
      {lastError && (
        <p className="missions__error" role="alert" data-testid="mission-error">
          {lastError}
        </p>
      )}
    </form>
  );
}

function ExportMission({ hostApi, desktop }: MissionsPanelProps) {
  const [convoys, setConvoys] = useState<ConvoySummary[]>([]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [folder, setFolder] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const running = useReplay((s) => s.exports.some((e) => e.state === 'running'));

  useEffect(() => {
    let stale = false;
    hostApi.request('convoys.list', {}).then(
      (list) => {
        if (stale) return;
        setConvoys(list);
        setChosen(new Set(list.filter((c) => c.status === 'ACTIVE').map((c) => c.convoyId)));
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [hostApi]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const start = Math.min(...convoys.map((c) => c.missionStart));
    const times = [from, to].map((text) =>
      text.trim() === '' ? undefined : parseReplayTime(text, start, Date.now()),
    );
    if (times.some((t) => t === null)) {
      setFormError('times: YYYY-MM-DD HH:MM:SS (UTC), HH:MM:SS or +H:MM:SS from the start');
      return;
    }
    if (chosen.size === 0) {
      setFormError('choose at least one convoy');
      return;
    }
    setFormError(null);
    void replayControls.exportMission({
      folder: folder.trim(),
      convoyIds: [...chosen],
      ...(times[0] !== undefined ? { fromMs: times[0]! } : {}),
      ...(times[1] !== undefined ? { toMs: times[1]! } : {}),
    });
  };
  const browse = async (): Promise<void> => {
    const picked = await replayControls.pickFolder('export-mission');
    if (picked) setFolder(picked);
  };
  const toggle = (id: string): void => {
    const next = new Set(chosen);
    if (!next.delete(id)) next.add(id);
    setChosen(next);
  };

  return (
    <form className="missions__section" onSubmit={submit} data-testid="mission-export-form">
      <h3 className="panel__label">Export a mission</h3>
      <div className="missions__convoys" role="group" aria-label="Convoys to export">
        {convoys.map((c) => (
          <label key={c.convoyId} className="check">
            <input
              type="checkbox"
              checked={chosen.has(c.convoyId)}
              onChange={() => toggle(c.convoyId)}
            />
            {c.callsign}
            {c.status !== 'ACTIVE' && <span className="dim"> ({c.status.toLowerCase()})</span>}
          </label>
        ))}
      </div>
      <div className="missions__line">
        <input
          className="missions__input missions__input--time mono"
          aria-label="From (UTC)"
          placeholder="from: launch"
          value={from}
          onChange={(event) => setFrom(event.target.value)}
        />
        <input
          className="missions__input missions__input--time mono"
          aria-label="To (UTC)"
          placeholder="to: now"
          value={to}
          onChange={(event) => setTo(event.target.value)}
        />
      </div>
      <FolderField
        label="New folder for the mission"
        testId="mission-export"
        placeholder="/media/usb/missions/hawk-2026-06-01"
        folder={folder}
        onChange={setFolder}
        onBrowse={desktop ? () => void browse() : null}
        action="Export"
        disabled={running}
      />
      {formError && <p className="missions__error">{formError}</p>}
    </form>
  );
}

interface FolderFieldProps {
  label: string;
  /** `<testId>-path` on the input, `<testId>` on the submit button. */
  testId: string;
  placeholder: string;
  folder: string;
  onChange(folder: string): void;
  /** The desktop app's folder dialog; null where there is none (the web host). */
  onBrowse: (() => void) | null;
  action: string;
  disabled: boolean;
}

/** A folder on the GCS's machine: typed, or picked with the desktop app's dialog; then the form's action. */
function FolderField(props: FolderFieldProps) {
  const inputId = useId();
  return (
    <>
      <label className="missions__label" htmlFor={inputId}>
        {props.label}
      </label>
      <div className="missions__line">
        <input
          id={inputId}
          className="missions__input mono"
          data-testid={`${props.testId}-path`}
          placeholder={props.placeholder}
          value={props.folder}
          onChange={(event) => props.onChange(event.target.value)}
        />
        {props.onBrowse && (
          <button type="button" className="button button--small" onClick={props.onBrowse}>
            Browse…
          </button>
        )}
        <button
          type="submit"
          className="button button--small"
          data-testid={props.testId}
          disabled={props.disabled || props.folder.trim() === ''}
        >
          {props.action}
        </button>
      </div>
    </>
  );
}

function ExportList() {
  const exports = useReplay((s) => s.exports);
  return (
    <div className="missions__section missions__jobs" data-testid="mission-exports">
      <h3 className="panel__label">Exports</h3>
      {exports.length === 0 && <p className="panel__note">None yet.</p>}
      {exports.slice(0, 6).map((job) => (
        <div
          key={job.exportId}
          className="missions__job"
          data-testid="mission-export-job"
          data-state={job.state}
        >
          <div className="missions__job-line">
            <span className="missions__job-name" title={job.folder}>
              {job.name}
            </span>
            <span className="missions__job-state" data-state={job.state}>
              {job.state === 'running'
                ? `${Math.round(job.fraction * 100)}% · ${PHASE_LABELS[job.phase]}`
                : job.state}
            </span>
          </div>
          {job.state === 'running' && (
            <div className="missions__job-line">
              <div className="progress missions__progress" aria-hidden="true">
                <div className="progress__fill" style={{ width: `${job.fraction * 100}%` }} />
              </div>
              <button
                type="button"
                className="button button--small"
                data-testid="mission-export-cancel"
                onClick={() => void replayControls.cancelExport(job.exportId)}
              >
                Cancel
              </button>
            </div>
          )}
          {job.state === 'done' && (
            <div className="missions__job-line dim">
              <span className="mono" title={job.folder}>
                {(job.rowCounts?.['telemetry'] ?? 0).toLocaleString('en-US')} rows ·{' '}
                {(job.rowCounts?.['engagements'] ?? 0).toLocaleString('en-US')} engagements
              </span>
              <button
                type="button"
                className="button button--small"
                data-testid="mission-export-replay"
                onClick={() => void replayControls.open(job.folder)}
              >
                Replay
              </button>
            </div>
          )}
          {job.state === 'failed' && <p className="missions__error">{job.error}</p>}
        </div>
      ))}
    </div>
  );
}
