-- Writes a batch of drone:state hashes with their TTL in one call: the field names are here once
-- rather than in every command, so a 2,000-drone telemetry tick costs the application one
-- command per chunk instead of two per drone (HSET, EXPIRE).
--
-- KEYS[i]  drone:state:{drone_id} for each drone of the chunk
-- ARGV[1]  TTL (s)
-- ARGV[2]  for each key in order, the values of the fields below in that order, joined by the
--          ASCII unit separator (0x1F); the drones joined by the record separator (0x1E). No value
--          contains either or is empty. One argument per call: encoding a command costs the
--          client per argument, and a tick has 38,000 values.
local FIELDS = {
  'convoy_id', 'callsign', 'status', 'platform_type', 'lat', 'lon', 'altitude_m', 'heading_deg',
  'speed_mps', 'fuel_pct', 'accuracy_pct', 'total_engagements', 'successful_hits',
  'current_waypoint', 'updated_at', 'distance_to_next_km', 'current_streak', 'best_streak',
  'mesh_connectivity',
}
local n = #FIELDS
local ttl = ARGV[1]
local args = {}
-- ARGV[2] holds every drone of the chunk, in KEYS order, separated by the record separator (0x1E).
-- Split with plain string.find rather than a pattern: it is what this script spends its time on.
local data = ARGV[2]
local pos = 1
local len = #data
for i, key in ipairs(KEYS) do
  if pos > len then
    return redis.error_reply('drone_states_put: ' .. (i - 1) .. ' drones for ' .. #KEYS .. ' keys')
  end
  local stop = string.find(data, '\30', pos, true) or (len + 1)
  local f = 0
  local at = pos
  while at <= stop - 1 do
    local sep = string.find(data, '\31', at, true)
    if not sep or sep > stop then
      sep = stop
    end
    f = f + 1
    args[2 * f - 1] = FIELDS[f]
    args[2 * f] = string.sub(data, at, sep - 1)
    at = sep + 1
  end
  if f ~= n then
    return redis.error_reply('drone_states_put: drone ' .. i .. ' has ' .. f .. ' values, not ' .. n)
  end
  redis.call('HSET', key, unpack(args, 1, 2 * n))
  redis.call('EXPIRE', key, ttl)
  pos = stop + 1
end
return #KEYS
