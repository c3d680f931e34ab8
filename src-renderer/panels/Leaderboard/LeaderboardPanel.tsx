import { ConvoySelect } from './ConvoySelect';
import { ConvoySummaryLine } from './ConvoySummaryLine';
import { LeaderboardTable } from './LeaderboardTable';

/** Accuracy leaderboard of one convoy, chosen by the operator, with the convoy's summary. */
export function LeaderboardPanel() {
  return (
    <section className="panel" aria-labelledby="leaderboard-title" data-testid="leaderboard-panel">
      <header className="panel__header">
        <h2 id="leaderboard-title" className="panel__title">
          Leaderboard
        </h2>
        <ConvoySelect />
      </header>
      <ConvoySummaryLine />
      <div className="panel__body">
        <LeaderboardTable />
      </div>
    </section>
  );
}
