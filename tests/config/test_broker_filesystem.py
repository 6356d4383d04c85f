"""config.broker_filesystem: the embedded default's broker writes each message whole, so a
worker polling the folder while another process publishes never reads a half-written file.
With kombu's own transport this test failed in each of four runs (messages of 100 KB: the
reader moved files away before they were written, read them empty or cut short, which stops a
Celery worker, and the rest of each message was lost); with 2 KB messages, in some runs only."""

import contextlib
import multiprocessing
from pathlib import Path

from kombu import Connection
from kombu.transport import filesystem as kombu_filesystem

from config.broker_filesystem import Transport

MESSAGES = 2000


def _options(folder: Path) -> dict:
    return {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }


def _publish(folder: Path, count: int) -> None:
    with Connection(transport=Transport, transport_options=_options(folder)) as connection:
        channel = connection.default_channel
        for number in range(count):
            channel._put("race", {"number": number, "body": "x" * 100_000})


def test_a_filesystem_broker_url_gets_this_transport_and_a_redis_one_redis():
    from kombu.transport.redis import Transport as RedisTransport

    from config.celery import app

    assert Connection("filesystem://localhost/").get_transport_cls() is Transport
    assert issubclass(Connection("redis://127.0.0.1:6379/0").get_transport_cls(), RedisTransport)
    if app.conf.broker_url.startswith("filesystem://"):
        assert isinstance(app.connection_for_write().transport, Transport)


def test_a_reader_polling_while_another_process_publishes_reads_every_message_once(tmp_path):
    (tmp_path / "control").mkdir()
    publisher = multiprocessing.get_context("fork").Process(
        target=_publish, args=(tmp_path, MESSAGES)
    )
    read: list[int] = []
    with Connection(transport=Transport, transport_options=_options(tmp_path)) as connection:
        channel = connection.default_channel
        publisher.start()
        # Poll as fast as a reader can for as long as the publisher runs (a half-written file
        # raises JSONDecodeError here)...
        while publisher.is_alive():
            with contextlib.suppress(kombu_filesystem.Empty):
                read.append(channel._get("race")["number"])
        publisher.join()
        # ...then take what it wrote after the last poll: every rename is done once it exits.
        while True:
            try:
                read.append(channel._get("race")["number"])
            except kombu_filesystem.Empty:
                break
    assert publisher.exitcode == 0
    assert sorted(read) == list(range(MESSAGES))
    assert not list(tmp_path.glob("*.part"))
