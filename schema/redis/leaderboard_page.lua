-- A page of a convoy's leaderboard in the order domain/ranking.ts defines, read atomically.
-- The ZSET orders by accuracy only; ties are broken here as in the domain: more hits, then the
-- longer best streak, then the smaller drone id.
--
-- KEYS[1]  convoy:leaderboard:{convoy_id}  ZSET
-- ARGV[1]  offset   ARGV[2] limit (0 only asks whether the board is cached, and its size)
-- ARGV[3]  the stats key prefix ('stats:engagements:')
--
-- Returns {size, then per row: drone_id, callsign, total_engagements, successful_hits,
-- current_streak, best_streak, last_engagement, last_result, rank_change}, or false when the
-- board or any member's stats are not cached (the caller rebuilds the board from the store).

local board, prefix = KEYS[1], ARGV[3]
local offset, limit = tonumber(ARGV[1]), tonumber(ARGV[2])

if redis.call('EXISTS', board) == 0 then
  return false
end

local flat = redis.call('ZREVRANGE', board, 0, -1, 'WITHSCORES')
local rows = {}
for i = 1, #flat, 2 do
  local id = flat[i]
  local v = redis.call('HMGET', prefix .. id,
    'callsign', 'total_engagements', 'successful_hits', 'current_streak', 'best_streak',
    'last_engagement', 'last_result', 'rank_change')
  if not v[1] or not v[2] then
    return false
  end
  rows[#rows + 1] = { id = id, score = tonumber(flat[i + 1]), hits = tonumber(v[3]), best = tonumber(v[5]), fields = v }
end

table.sort(rows, function(a, b)
  if a.score ~= b.score then
    return a.score > b.score
  end
  if a.hits ~= b.hits then
    return a.hits > b.hits
  end
  if a.best ~= b.best then
    return a.best > b.best
  end
  return a.id < b.id
end)

local out = { #rows }
local last = math.min(#rows, offset + limit)
for i = offset + 1, last do
  local r = rows[i]
  out[#out + 1] = r.id
  for j = 1, 8 do
    out[#out + 1] = r.fields[j] or ''
  end
end
return out
