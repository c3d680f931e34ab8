-- Sets one drone's engagement stats and its place on its convoy's leaderboard in one atomic step,
-- and returns its rank before and after. Loaded once (SCRIPT LOAD) and run by EVALSHA.
--
-- The leaderboard is the seed's ZSET (score accuracy_pct, member drone_id). A score alone cannot
-- order drones the way domain/ranking.ts does, so ties on accuracy are broken here, as there:
-- more hits, then the longer best streak, then the smaller drone id. The stats are absolute
-- values computed by the application from the durable store, not increments, so a script run
-- retried after a timeout cannot count an engagement twice.
--
-- KEYS[1]  convoy:leaderboard:{convoy_id}  ZSET
-- KEYS[2]  stats:engagements:{drone_id}    HASH
-- KEYS[3]  drone:state:{drone_id}          HASH (its engagement fields are updated if it exists)
-- ARGV[1]  drone_id
-- ARGV[2]  score: accuracy_pct as the application computes it (exact for equal fractions)
-- ARGV[3]  total_engagements   ARGV[4] successful_hits   ARGV[5] current_streak   ARGV[6] best_streak
-- ARGV[7]  last_engagement (ISO 8601, or '')   ARGV[8] last_result ('HIT', 'MISS' or '')
-- ARGV[9]  callsign   ARGV[10] convoy_id
-- ARGV[11] leaderboard TTL (s)   ARGV[12] engagement stats TTL (s)
-- ARGV[13] the stats key prefix ('stats:engagements:'), for the other members' stats
--
-- Returns {previous_rank or -1, new_rank}, or false when the board, or the stats of a member it
-- must compare with, is not cached: the caller rebuilds the board from the store and calls again.
-- A false return writes nothing.

local board, statsKey, stateKey = KEYS[1], KEYS[2], KEYS[3]
local id, newScoreText, prefix = ARGV[1], ARGV[2], ARGV[13]
local newScore = tonumber(newScoreText)
local newHits, newBest = tonumber(ARGV[4]), tonumber(ARGV[6])

if redis.call('EXISTS', board) == 0 then
  return false
end

local function tieFields(member)
  local v = redis.call('HMGET', prefix .. member, 'successful_hits', 'best_streak')
  if not v[1] then
    return nil
  end
  return tonumber(v[1]), tonumber(v[2])
end

-- Whether a member ranks above the subject when their scores are equal.
local function winsTie(hits, best, member, subjectHits, subjectBest, subject)
  if hits ~= subjectHits then
    return hits > subjectHits
  end
  if best ~= subjectBest then
    return best > subjectBest
  end
  return member < subject
end

-- The subject's rank among the other members; nil when a tied member's stats are missing.
-- `selfAbove` is 1 when the subject's own (old) entry has a higher score and ZCOUNT counted it.
local function rankAmongOthers(scoreText, hits, best, selfAbove)
  local rank = 1 + redis.call('ZCOUNT', board, '(' .. scoreText, '+inf') - selfAbove
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', board, scoreText, scoreText)) do
    if member ~= id then
      local h, b = tieFields(member)
      if h == nil then
        return nil
      end
      if winsTie(h, b, member, hits, best, id) then
        rank = rank + 1
      end
    end
  end
  return rank
end

-- Reads first: a miss must leave everything as it was.
local oldScoreText = redis.call('ZSCORE', board, id)
local previousRank, oldScore, oldHits, oldBest, previousChange = nil, nil, nil, nil, 0
if oldScoreText then
  oldScore = tonumber(oldScoreText)
  oldHits, oldBest = tieFields(id)
  if oldHits == nil then
    return false
  end
  previousRank = rankAmongOthers(oldScoreText, oldHits, oldBest, 0)
  if previousRank == nil then
    return false
  end
  previousChange = tonumber(redis.call('HGET', statsKey, 'rank_change') or '0')
end

local selfAbove = (oldScore ~= nil and oldScore > newScore) and 1 or 0
local newRank = rankAmongOthers(newScoreText, newHits, newBest, selfAbove)
if newRank == nil then
  return false
end

-- Members the drone passed (or that passed it) move one place the other way, as on the HUD.
local passed = {}
if previousRank ~= nil and previousRank ~= newRank then
  local lo, hi = math.min(oldScore, newScore), math.max(oldScore, newScore)
  local span = redis.call('ZRANGEBYSCORE', board, lo, hi, 'WITHSCORES')
  for i = 1, #span, 2 do
    local member = span[i]
    if member ~= id then
      local score = tonumber(span[i + 1])
      -- Only a member tied with the old or the new score needs its stats read: strictly between
      -- them, the score alone says where it stands. A jump across a 500-drone board reads two or
      -- three hashes, not 500 (that was the script's p99).
      local h, b = nil, nil
      if score == oldScore or score == newScore then
        h, b = tieFields(member)
        if h == nil then
          return false
        end
      end
      local aboveBefore = score > oldScore or (score == oldScore and winsTie(h, b, member, oldHits, oldBest, id))
      local aboveAfter = score > newScore or (score == newScore and winsTie(h, b, member, newHits, newBest, id))
      if aboveBefore and not aboveAfter then
        passed[#passed + 1] = { member, -1 }
      elseif aboveAfter and not aboveBefore then
        passed[#passed + 1] = { member, 1 }
      end
    end
  end
end

local change = 0
if previousRank ~= nil then
  change = previousRank - newRank
  -- A drone that kept its place keeps showing its last move.
  if change == 0 then
    change = previousChange
  end
end

redis.call('HSET', statsKey,
  'total_engagements', ARGV[3], 'successful_hits', ARGV[4],
  'current_streak', ARGV[5], 'best_streak', ARGV[6],
  'last_engagement', ARGV[7], 'last_result', ARGV[8],
  'callsign', ARGV[9], 'convoy_id', ARGV[10], 'rank_change', change)
redis.call('EXPIRE', statsKey, ARGV[12])
redis.call('ZADD', board, newScoreText, id)
redis.call('EXPIRE', board, ARGV[11])
for _, p in ipairs(passed) do
  -- A member whose stats expired gets them whole from the store when next read, not a stray
  -- one-field hash with no TTL.
  if redis.call('EXISTS', prefix .. p[1]) == 1 then
    redis.call('HSET', prefix .. p[1], 'rank_change', p[2])
  end
end
if redis.call('EXISTS', stateKey) == 1 then
  redis.call('HSET', stateKey,
    'accuracy_pct', newScoreText, 'total_engagements', ARGV[3], 'successful_hits', ARGV[4],
    'current_streak', ARGV[5], 'best_streak', ARGV[6])
end

return { previousRank or -1, newRank }
