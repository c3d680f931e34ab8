-- Releases a lease only if this holder still has it: a plain DEL after the lease expired could
-- delete the lease another instance has taken since.
-- KEYS[1] the lease key   ARGV[1] the holder's token
-- Returns 1 when released, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
