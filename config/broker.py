"""kombu's Redis transport, keeping the client it publishes with.

For every message it publishes, kombu's Redis channel builds a new `redis.Redis` over the
channel's connection pool (`Channel.conn_or_acquire` → `_create_client`), and redis-py's
client copies its 169 response callbacks into a dict of its own each time: about an eighth of
Celery's publish of a case's acknowledgement, in the request that created the case (issue 14).
Such a client holds nothing but the pool (each command takes a connection from the pool and
gives it back; redis-py's client is safe to share between threads), so one is kept per channel
and pool here. A broken connection is handled as before: kombu drops the channel or the pool
on a connection error, and with them the kept client. Celery uses this transport for a
`redis://` broker (settings: CELERY_BROKER_TRANSPORT); the worker's consuming side (the
asynchronous clients) is kombu's own.
"""

from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    _kept_client = None

    def _create_client(self, asynchronous=False):
        if asynchronous:
            return super()._create_client(asynchronous=True)
        client = self._kept_client
        if client is None or client.connection_pool is not self.pool:
            client = self._kept_client = super()._create_client()
        return client


class Transport(kombu_redis.Transport):
    Channel = Channel
