import { compareRank } from '../../domain/ranking';
import type { LeaderboardMember, LeaderboardRow } from '../Cache';

interface Slot extends LeaderboardMember {
  rankChange: number;
}

const rankable = (m: LeaderboardMember) => ({
  droneId: m.droneId,
  successfulHits: m.stats.successfulHits,
  totalEngagements: m.stats.totalEngagements,
  bestStreak: m.stats.bestStreak,
});

/**
 * One convoy's board as an array kept in the domain's order. An update moves one member by
 * binary search; members it passes get their rank change too, as they would on the HUD.
 */
export class MemoryLeaderboard {
  private readonly slots: Slot[];

  constructor(members: readonly LeaderboardMember[]) {
    this.slots = members.map((m) => ({ ...m, rankChange: 0 }));
    this.slots.sort((a, b) => compareRank(rankable(a), rankable(b)));
  }

  get size(): number {
    return this.slots.length;
  }

  update(member: LeaderboardMember): { previousRank: number | null; newRank: number } {
    const at = this.slots.findIndex((s) => s.droneId === member.droneId);
    const previousRank = at === -1 ? null : at + 1;
    const previousChange = at === -1 ? 0 : this.slots[at]!.rankChange;
    if (at !== -1) this.slots.splice(at, 1);
    const key = rankable(member);
    let lo = 0;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRank(rankable(this.slots[mid]!), key) < 0) lo = mid + 1;
      else hi = mid;
    }
    const newRank = lo + 1;
    const change = previousRank === null ? 0 : previousRank - newRank;
    // A drone that kept its place keeps showing its last move.
    this.slots.splice(lo, 0, { ...member, rankChange: change !== 0 ? change : previousChange });
    if (previousRank !== null && change !== 0) {
      // Everyone between the old and the new place moved one step the other way.
      const [from, to] = change > 0 ? [lo + 1, previousRank - 1] : [previousRank - 1, lo - 1];
      for (let i = from; i <= to; i++) this.slots[i]!.rankChange = change > 0 ? -1 : 1;
    }
    return { previousRank, newRank };
  }

  page(offset: number, limit: number): LeaderboardRow[] {
    return this.slots.slice(offset, offset + limit).map((s, i) => ({
      droneId: s.droneId,
      callsign: s.callsign,
      stats: s.stats,
      rank: offset + i + 1,
      rankChange: s.rankChange,
    }));
  }
}
