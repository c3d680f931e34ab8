-- Writes a batch of drone:state hashes with their TTL in one call: the field names are here once
-- rather than in every command, so a 2,000-drone telemetry tick costs the application one
-- command per chunk instead of two per drone (HSET, EXPIRE).
--
-- KEYS[i]  drone:state:{drone_id} for each drone of the chunk
-- ARGV[1]  TTL (s)
-- ARGV[2…] for each key in order, the values of the fields below in that order, joined by the
--          ASCII unit separator (0x1F), which no value contains and none is empty: one argument
--          per drone keeps the client's encoding work per drone, not per field.
local FIELDS = {
  'convoy_id', 'callsign', 'status', 'platform_type', 'lat', 'lon', 'altitude_m', 'heading_deg',
  'speed_mps', 'fuel_pct', 'accuracy_pct', 'total_engagements', 'successful_hits',
  'current_waypoint', 'updated_at', 'distance_to_next_km', 'current_streak', 'best_streak',
  'mesh_connectivity',
}
local n = #FIELDS
local ttl = ARGV[1]
local args = {}
for i, key in ipairs(KEYS) do
  local f = 0
  for value in string.gmatch(ARGV[i + 1], '[^\31]+') do
    f = f + 1
    args[2 * f - 1] = FIELDS[f]
    args[2 * f] = value
  end
  if f ~= n then
    return redis.error_reply('drone_states_put: drone ' .. i .. ' has ' .. f .. ' values, not ' .. n)
  end
  redis.call('HSET', key, unpack(args))
  redis.call('EXPIRE', key, ttl)
end
return #KEYS
