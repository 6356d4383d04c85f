"""config.cache: Django's Redis cache with one Redis client per connection pool (issue 14)."""

import pytest
import redis

from config.cache import RedisCache
from tests.workers import RedisServer


@pytest.fixture
def server(tmp_path):
    started = RedisServer(tmp_path)
    started.start()
    try:
        yield started
    finally:
        started.stop()


def test_one_client_serves_every_call_and_the_cache_works_as_djangos(server):
    cache = RedisCache(server.url, {})
    client = cache._cache.get_client()
    assert isinstance(client, redis.Redis)
    assert cache._cache.get_client(write=True) is client
    assert client.connection_pool is cache._cache._pools[0]

    cache.set("answers", {"kind": "complaint"}, 30)
    assert cache.get("answers") == {"kind": "complaint"}
    assert cache.add("answers", "other", 30) is False
    assert cache.add("count", 1, 30) is True
    assert cache.incr("count", 2) == 3
    assert cache.get_many(["answers", "count", "missing"]) == {
        "answers": {"kind": "complaint"},
        "count": 3,
    }
    assert cache.delete("answers") is True
    assert cache.get("answers", "gone") == "gone"
    assert cache._cache.get_client() is client


def test_the_kept_client_reconnects_after_redis_restarts(server):
    cache = RedisCache(server.url, {})
    cache.set("key", "before", 30)
    server.stop()
    with pytest.raises(redis.ConnectionError):
        cache.get("key")
    server.start()  # the same port, nothing kept (no persistence)
    assert cache.get("key") is None
    cache.set("key", "after", 30)
    assert cache.get("key") == "after"
