/** Accuracy with one decimal, the precision the leaderboard ranks on screen. */
export function formatAccuracy(pct: number): string {
  return pct.toFixed(1);
}

/** Positive rank change means the drone moved up the board (src-main/domain/ranking.ts). */
export function formatRankChange(change: number): string {
  if (change > 0) return `▲${change}`;
  if (change < 0) return `▼${-change}`;
  return '–';
}

export function rankChangeClass(change: number): string {
  if (change > 0) return 'rank-change rank-change--up';
  if (change < 0) return 'rank-change rank-change--down';
  return 'rank-change';
}
