"""The production settings as the environment makes them, with the floor's URLs added
(`manage.py loadtest --floor`): the same middleware, database connections, cache and logging."""

from config.settings import *  # noqa: F403 (every setting, unchanged)

ROOT_URLCONF = "devtools.loadtest.floor_urls"
