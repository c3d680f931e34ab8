import { memo } from 'react';
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
  return (
    <tr
      data-testid="leaderboard-row"
      data-drone-id={props.droneId}
      aria-selected={props.selected}
      className={props.selected ? 'is-selected' : undefined}
      onClick={() => props.onSelect(props.droneId)}
    >
      <td data-col="rank">{props.rank}</td>
      <td data-col="callsign">{props.callsign}</td>
      <td data-col="accuracy">{formatAccuracy(props.accuracyPct)}</td>
      <td data-col="engagements">{props.totalEngagements}</td>
      <td data-col="hits">{props.successfulHits}</td>
      <td data-col="streak">{props.currentStreak}</td>
      <td data-col="change" className={rankChangeClass(props.rankChange)}>
        {formatRankChange(props.rankChange)}
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
