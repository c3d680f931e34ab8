import { memo, useEffect, useRef, useState } from 'react';
import { useGcsStore } from '../../state/GcsContext';
import { selectors } from '../../state/selectors';
import { formatAccuracy, formatRankChange, rankChangeClass } from './format';

interface RowProps {
  droneId: string;
  rank: number;
  callsign: string;
  accuracyPct: number;
  totalEngagements: number;
  successfulHits: number;
  currentStreak: number;
  rankChange: number;
  selected: boolean;
  onSelect(droneId: string): void;
}

// Plain values as props so memo skips the rows an update left unchanged: every event brings new
// entry objects even for drones whose figures did not move.
const LeaderboardRow = memo(function LeaderboardRow(props: RowProps) {
  const rowRef = useRef<HTMLTableRowElement>(null);
  // Counts the moves of this row: a new count remounts the arrow, which replays its flash. Set
  // while rendering (React's pattern for state derived from changing props), so the flash starts
  // in the same commit as the new rank, and not on the first render.
  const [seen, setSeen] = useState({ rank: props.rank, change: props.rankChange, moves: 0 });
  if (seen.rank !== props.rank || seen.change !== props.rankChange) {
    setSeen({ rank: props.rank, change: props.rankChange, moves: seen.moves + 1 });
  }
  const flashing = seen.moves > 0 && props.rankChange !== 0;
  // Two identical animations taking turns: changing the animation's name restarts it.
  const rowFlash = flashing
    ? `row-flash-${props.rankChange > 0 ? 'up' : 'down'}-${seen.moves % 2}`
    : '';

  // Selected elsewhere (map, table, shortcut): bring the row into view, without moving the page.
  useEffect(() => {
    if (props.selected) rowRef.current?.scrollIntoView({ block: 'nearest' });
  }, [props.selected]);

  return (
    <tr
      ref={rowRef}
      data-testid="leaderboard-row"
      data-drone-id={props.droneId}
      aria-selected={props.selected}
      className={`${props.selected ? 'is-selected' : ''} ${rowFlash}`.trim() || undefined}
      onClick={() => props.onSelect(props.droneId)}
    >
      <td data-col="rank">{props.rank}</td>
      <td data-col="callsign">{props.callsign}</td>
      <td data-col="accuracy">{formatAccuracy(props.accuracyPct)}</td>
      <td data-col="engagements">{props.totalEngagements}</td>
      <td data-col="hits">{props.successfulHits}</td>
      <td data-col="streak">{props.currentStreak}</td>
      <td data-col="change" className={rankChangeClass(props.rankChange)}>
        <span
          key={seen.moves}
          className={flashing ? 'rank-change__flash' : undefined}
          data-flash={flashing ? (props.rankChange > 0 ? 'up' : 'down') : undefined}
        >
          {formatRankChange(props.rankChange)}
        </span>
      </td>
    </tr>
  );
});

export function LeaderboardTable() {
  const board = useGcsStore(selectors.selectedConvoyLeaderboard);
  const selectedConvoyId = useGcsStore(selectors.selectedConvoyId);
  const selectedDroneId = useGcsStore(selectors.selectedDroneId);
  const selectDrone = useGcsStore(selectors.selectDrone);

  if (!selectedConvoyId) return null;
  if (!board) {
    return (
      <p className="panel__note" data-testid="leaderboard-loading">
        Loading leaderboard…
      </p>
    );
  }
  if (board.entries.length === 0) {
    return (
      <p className="panel__note" data-testid="leaderboard-empty">
        No drones ranked yet.
      </p>
    );
  }
  return (
    <table className="leaderboard" data-testid="leaderboard">
      <thead>
        <tr>
          <th scope="col" title="Rank">
            #
          </th>
          <th scope="col">Callsign</th>
          <th scope="col" title="Accuracy, percent">
            Acc %
          </th>
          <th scope="col" title="Engagements">
            Eng
          </th>
          <th scope="col">Hits</th>
          <th scope="col" title="Current streak of hits">
            Strk
          </th>
          <th scope="col" title="Rank change">
            ±
          </th>
        </tr>
      </thead>
      <tbody>
        {board.entries.map((entry) => (
          <LeaderboardRow
            key={entry.droneId}
            droneId={entry.droneId}
            rank={entry.rank}
            callsign={entry.callsign}
            accuracyPct={entry.accuracyPct}
            totalEngagements={entry.totalEngagements}
            successfulHits={entry.successfulHits}
            currentStreak={entry.currentStreak}
            rankChange={entry.rankChange}
            selected={entry.droneId === selectedDroneId}
            onSelect={selectDrone}
          />
        ))}
      </tbody>
    </table>
  );
}
