"""Presence entries in Redis, shared by every app instance.

Per topic, a sorted set of the present users scored by when their latest entry
expires, and per user a hash of their connections' ``status|expiry``; every
change is one Lua script, so two instances never both announce one change.
Times come from the Redis server's clock.
"""

from __future__ import annotations

from typing import Any, cast

from redis.asyncio import Redis

from lasuite.realtime.presence import Status

KEY_PREFIX = "lasuite:presence"

_COMMON = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function status_of(hash)
  local best = 'offline'
  for _, value in ipairs(redis.call('HVALS', hash)) do
    local sep = string.find(value, '|', 1, true)
    if tonumber(string.sub(value, sep + 1)) > now then
      if string.sub(value, 1, sep - 1) == 'online' then return 'online' end
      best = 'away'
    end
  end
  return best
end
"""

# KEYS: users zset, user hash; ARGV: user, connection, status, ttl ms
_ENTER = (
    _COMMON
    + """
local before = status_of(KEYS[2])
local expires = now + tonumber(ARGV[4])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3] .. '|' .. string.format('%d', expires))
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('ZADD', KEYS[1], 'GT', expires, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {before, status_of(KEYS[2])}
"""
)

# KEYS: users zset, user hash; ARGV: user, connection
_LEAVE = (
    _COMMON
    + """
local before = status_of(KEYS[2])
redis.call('HDEL', KEYS[2], ARGV[2])
local after = status_of(KEYS[2])
if after == 'offline' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('DEL', KEYS[2])
end
return {before, after}
"""
)

# KEYS: users zset; ARGV: prefix of the user hashes
_EXPIRE = (
    _COMMON
    + """
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now))
for _, user in ipairs(gone) do
  redis.call('ZREM', KEYS[1], user)
  redis.call('DEL', ARGV[1] .. user)
end
return gone
"""
)

# KEYS: users zset; ARGV: prefix of the user hashes
_STATUSES = (
    _COMMON
    + """
local result = {}
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. string.format('%d', now), '+inf')
for _, user in ipairs(live) do
  local status = status_of(ARGV[1] .. user)
  if status ~= 'offline' then
    table.insert(result, user)
    table.insert(result, status)
  end
end
return result
"""
)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisPresenceStore:
    """Presence entries for every instance sharing this Redis."""

    def __init__(self, redis: Redis, ttl: float) -> None:
        self._ttl_ms = max(1, int(ttl * 1000))
        self._enter = redis.register_script(_ENTER)
        self._leave = redis.register_script(_LEAVE)
        self._expire = redis.register_script(_EXPIRE)
        self._statuses = redis.register_script(_STATUSES)

    @staticmethod
    def _users_key(topic: str) -> str:
        # The braces keep a topic's keys in one Redis Cluster slot.
        return f"{KEY_PREFIX}:{{{topic}}}"

    def _user_key(self, topic: str, user_id: str) -> str:
        return f"{self._users_key(topic)}:{user_id}"

    async def enter(
        self, topic: str, user_id: str, connection_id: str, status: Status
    ) -> tuple[Status, Status]:
        keys = [self._users_key(topic), self._user_key(topic, user_id)]
        before, after = await self._enter(
            keys=keys, args=[user_id, connection_id, status, self._ttl_ms]
        )
        return cast(Status, _text(before)), cast(Status, _text(after))

    async def leave(self, topic: str, user_id: str, connection_id: str) -> tuple[Status, Status]:
        keys = [self._users_key(topic), self._user_key(topic, user_id)]
        before, after = await self._leave(keys=keys, args=[user_id, connection_id])
        return cast(Status, _text(before)), cast(Status, _text(after))

    async def expire(self, topic: str) -> list[str]:
        gone = await self._expire(keys=[self._users_key(topic)], args=[self._user_key(topic, "")])
        return [_text(user) for user in gone]

    async def statuses(self, topic: str) -> dict[str, Status]:
        flat = await self._statuses(keys=[self._users_key(topic)], args=[self._user_key(topic, "")])
        pairs = [_text(value) for value in flat]
        return {pairs[i]: cast(Status, pairs[i + 1]) for i in range(0, len(pairs), 2)}
