"""kombu's filesystem transport (the embedded default's broker), writing each message whole.

kombu's `Channel._put` creates the message's file and then writes it, while `_get` in another
process lists the folder and moves and reads whatever file matches, taking no lock: a worker
that polls between the two reads an empty file. Celery then stops the worker with
"Unrecoverable error: JSONDecodeError" (`make run` stopped a minute after the demo loaded, when
a periodic task was published: honcho takes the web server down with it), and the message's
bytes land in the file the reader had moved away, so the task is lost too (kombu issue 1551).
Here the message is written under a name `_get` does not match (`.part` after `.msg`) and
renamed into place: a rename within one folder is atomic, so a reader sees the whole message
or nothing. Celery uses this transport for a `filesystem://` broker (settings:
CELERY_BROKER_TRANSPORT).
"""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem as kombu_filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(kombu_filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + ".part"
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(kombu_filesystem.Transport):
    Channel = Channel
