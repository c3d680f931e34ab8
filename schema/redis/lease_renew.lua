-- Extends a lease only if this holder still has it (a lease that expired and was taken by
-- another instance must not be stolen back by a late renewal).
-- KEYS[1] the lease key   ARGV[1] the holder's token   ARGV[2] TTL (s)
-- Returns 1 when renewed, 0 when the lease is gone or someone else's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return 0
