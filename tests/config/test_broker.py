"""config.broker: kombu's Redis transport publishing with one kept client per channel, through
a redis-server of the test's own (tests.workers.RedisServer) that it stops and starts."""

import pytest
import redis
from kombu import Connection, Exchange, Queue
from kombu.exceptions import OperationalError

from config.broker import Channel, Transport


def _published(connection: Connection, queue: Queue, bodies: list[str]) -> None:
    with connection.Producer() as producer:
        for body in bodies:
            producer.publish(body, exchange=queue.exchange, routing_key=queue.routing_key)


def test_settings_use_it_for_a_redis_broker_only():
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("redis://"):
        assert settings.CELERY_BROKER_TRANSPORT == "config.broker:Transport"
    else:
        assert not hasattr(settings, "CELERY_BROKER_TRANSPORT")


def test_messages_go_out_through_one_kept_client_and_all_arrive(redis_server):
    redis_server.start()
    queue = Queue("kept-client", Exchange("kept-client"), routing_key="kept-client")
    with Connection(redis_server.url, transport=Transport) as connection:
        channel = connection.default_channel
        assert isinstance(channel, Channel)
        queue(channel).declare()
        _published(connection, queue, ["one", "two", "three"])
        kept = channel._kept_client
        assert kept is not None
        assert kept.connection_pool is channel.pool
        assert channel._create_client() is kept  # not a new client per message
        assert channel._create_client(asynchronous=True) is not kept  # the consumer's own
        with connection.SimpleQueue(queue) as simple:
            bodies = [simple.get(timeout=5) for _ in range(3)]
            for message in bodies:
                message.ack()
        assert [message.payload for message in bodies] == ["one", "two", "three"]


def test_a_new_pool_gets_a_new_client():
    with Connection("redis://127.0.0.1:1/0", transport=Transport) as connection:
        channel = Channel.__new__(Channel)  # no connection made: only the client's bookkeeping
        channel.connection = connection.transport
        channel.Client = redis.Redis
        channel._pool = redis.ConnectionPool(host="127.0.0.1", port=1)
        first = channel._create_client()
        assert channel._create_client() is first
        channel._pool = redis.ConnectionPool(host="127.0.0.1", port=1)  # kombu dropped the old
        assert channel._create_client() is not first
        assert channel._create_client().connection_pool is channel._pool


def test_with_redis_down_publishing_fails_as_before_and_works_once_it_is_back(redis_server):
    """The outbox relies on a failed publish raising (feedback.notifications logs it, and the
    sweep sends the row later): the kept client must not hide a broker that went away."""
    redis_server.start()
    queue = Queue("kept-down", Exchange("kept-down"), routing_key="kept-down")
    with Connection(redis_server.url, transport=Transport) as connection:
        queue(connection.default_channel).declare()
        _published(connection, queue, ["before"])
        redis_server.stop()
        with (
            pytest.raises((redis.ConnectionError, OSError, OperationalError)),
            connection.Producer() as producer,
        ):
            producer.publish("lost", exchange=queue.exchange, routing_key=queue.routing_key)
    redis_server.start()
    with Connection(redis_server.url, transport=Transport) as connection:
        queue(connection.default_channel).declare()
        _published(connection, queue, ["after"])
        with connection.SimpleQueue(queue) as simple:
            message = simple.get(timeout=5)
            message.ack()
            assert message.payload == "after"
