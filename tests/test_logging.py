import logging

from config.logging_filters import DropUnknownSvgProperties


def _record(msg, *args):
    return logging.LogRecord("weasyprint", logging.WARNING, __file__, 1, msg, args, None)


def test_svg_presentation_properties_are_not_logged_but_other_weasyprint_warnings_are():
    drop = DropUnknownSvgProperties()
    assert not drop.filter(_record("Ignored `%s` at %d:%d, %s.", "fill: #1d70b8", 1, 1,
                                   "unknown property"))  # fmt: skip
    assert drop.filter(_record("Ignored `%s` at %d:%d, %s.", "margin: x", 1, 1, "invalid value"))
    assert drop.filter(_record("Failed to load font at %s", "fonts/x.ttf"))
