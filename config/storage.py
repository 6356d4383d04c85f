"""Static files: WhiteNoise's compressed manifest storage, compressing only what changed."""

import os

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class IncrementalCompressedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise compresses every static file again on every `collectstatic` (gzip and Brotli
    at their highest levels: about 45 s of CPU for our 3,700 files, Swagger UI and ReDoc
    mostly), though nearly all of them are the same as last time. A file is skipped when its
    .br or .gz beside it was written from this very version of it: WhiteNoise gives a
    compressed file its source's modification time (whitenoise.compress.Compressor.write_data),
    and a file copied or rewritten since has a newer one. A hashed name (app.b7b285a0d99e.css)
    holds the same content whenever it is written (Django rewrites those whose URLs it adjusts
    on every run, with a new time), so any .br or .gz beside it is current.
    `make test` collects before the suite and the load test collects again with the production
    settings: the first costs a minute only from a fresh clone, the second 2 s instead of a
    minute; a deploy compresses only what it changed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name, force=False):
        """The manifest's URL for `name`, looked up once per name: `{% static %}` is printed
        four times on every page, about 20 microseconds of CPU each. The manifest is read
        when the storage is made (settings changes make a new one) and changes only in
        `post_process`, which forgets what was kept."""
        if force:
            return super().url(name, force=True)
        key = (name, settings.DEBUG)
        found = self._urls.get(key)
        if found is None:
            found = self._urls[key] = super().url(name)
        return found

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        try:
            yield from super().post_process(*args, **kwargs)
        finally:
            self._urls.clear()

    def compress_files(self, paths):
        self._hashed_names = set(self.hashed_files.values())
        yield from super().compress_files([p for p in paths if not self._compressed_current(p)])

    def _compressed_current(self, name: str) -> bool:
        path = self.path(name)
        try:
            source = os.stat(path).st_mtime
        except FileNotFoundError:
            return False
        hashed = name in self._hashed_names
        found = []
        for suffix in (".br", ".gz"):
            try:
                found.append(os.stat(path + suffix).st_mtime)
            except FileNotFoundError:
                continue
        return bool(found) and (hashed or all(abs(mtime - source) < 0.001 for mtime in found))
