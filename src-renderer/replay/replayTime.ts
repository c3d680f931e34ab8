/**
 * Times an operator types into the replay bar's "go to" field, read against the mission:
 *
 *   "06:42:10"             that time of day (UTC) on the mission's first day, or the next day
 *                          when the mission runs past midnight and the time is before its start
 *   "2026-06-01 06:42:10"  a full UTC date and time (a trailing Z is allowed)
 *   "+12:30" / "+1:02:03"  that long after the mission's start (m:ss or h:mm:ss)
 *
 * Returns epoch ms, or null when the text is none of these. Clamping to the mission is the host's.
 */
export function parseReplayTime(text: string, startMs: number, endMs: number): number | null {
  const t = text.trim();
  const offset = /^\+(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(t);
  if (offset) {
    const [, h, m, s, frac] = offset;
    if (Number(s) > 59 || (h !== undefined && Number(m) > 59)) return null;
    return startMs + clock(Number(h ?? 0), Number(m), Number(s), frac);
  }
  const full = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z?$/.exec(t);
  if (full) {
    const [, y, mo, d, h, m, s, frac] = full;
    if (!validClock(Number(h), Number(m), Number(s))) return null;
    const day = Date.UTC(Number(y), Number(mo) - 1, Number(d));
    const date = new Date(day);
    if (date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return null;
    return day + clock(Number(h), Number(m), Number(s), frac);
  }
  const time = /^(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(t);
  if (time) {
    const [, h, m, s, frac] = time;
    if (!validClock(Number(h), Number(m), Number(s))) return null;
    const firstDay = Math.floor(startMs / 86_400_000) * 86_400_000;
    const at = firstDay + clock(Number(h), Number(m), Number(s), frac);
    // Before the start on the first day, but within the mission on the next: the next day.
    return at < startMs && at + 86_400_000 <= endMs ? at + 86_400_000 : at;
  }
  return null;
}

function validClock(h: number, m: number, s: number): boolean {
  return h < 24 && m < 60 && s < 60;
}

function clock(h: number, m: number, s: number, frac: string | undefined): number {
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0'));
  return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

/** Mission time as "YYYY-MM-DD HH:MM:SS.sZ" for the bar's clock. */
export function formatReplayClock(epochMs: number): string {
  const iso = new Date(Math.floor(epochMs / 100) * 100).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 21)}Z`;
}
