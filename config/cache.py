"""Django's Redis cache, keeping one Redis client per connection pool.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` around the (kept)
connection pool for every cache call, and redis-py's constructor fills a table of some 170
response callbacks each time: about a quarter of a millisecond of CPU per call, paid on every
page of the public form (the visitor's session is read from the cache and written back, the
rate limits count there). A `redis.Redis` holds no connection of its own (each command borrows
one from the pool) and may be shared between threads, so one per pool is the same client.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:  # as Django's `_get_connection_pool`, for this index
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
