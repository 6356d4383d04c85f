"""Typed readers for settings from the environment: fail fast on bad values."""

import os
import re

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    # An empty value counts as unset, so a copy of .env.example with blanks still starts.
    value = os.environ.get(name) or default
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_rate(name: str, default: str) -> str:
    """A rate limit such as "10/h" (count / period: s, m, h or d, optionally with a number of
    periods, e.g. "5/15m"), as django-ratelimit reads it."""
    value = env_str(name, default)
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must look like 10/h or 5/15m, not {value!r}.")
    return value


def env_cache(name: str, default: str) -> dict:
    """A cache from a URL: redis://host:6379/2 (rediss:// with TLS), or locmem:// (memory of
    each process)."""
    url = env_str(name, default)
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "config.cache.RedisCache", "LOCATION": url}
    if url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "app"}
    raise ImproperlyConfigured(f"{name} must start with redis://, rediss:// or locmem://.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]
