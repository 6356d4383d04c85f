from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """The demo council, the benchmarks and the setup command. It may import every app; no
    app imports it."""

    name = "devtools"
    verbose_name = "Demo, benchmarks and setup"
