"""Server-rendered SVG charts (matplotlib), readable in greyscale: every series has its own
hatch pattern and every bar its value written on it, so nothing depends on colour alone.
Text stays text (`svg.fonttype = "none"`), so screen readers, search and PDF extraction see it,
and output is byte-identical for the same data (fixed hash salt, no date)."""

import io
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .tables import Table

RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "council-feedback",
    "font.family": "sans-serif",
    "font.sans-serif": ["Arial", "Liberation Sans", "DejaVu Sans"],
    "font.size": 12,
    "hatch.linewidth": 1.0,
}
# Greys that differ in lightness, with hatches that differ in shape. Hatches drawn with lines
# only: matplotlib writes a dots hatch ("...") as 352 circles in each 72-unit tile, 150 KB of
# path a chart, which the page carried inline and WeasyPrint drew again for every bar it
# filled (about five times a lined hatch's rendering cost).
STYLES = [
    {"color": "#1d70b8", "hatch": "", "edgecolor": "#0b0c0c"},
    {"color": "#ffffff", "hatch": "///", "edgecolor": "#0b0c0c"},
    {"color": "#b1b4b6", "hatch": "++", "edgecolor": "#0b0c0c"},
]


@dataclass
class Chart:
    slug: str
    title: str
    svg: str
    table: Table


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _prefix_ids(svg: str, prefix: str) -> str:
    """Several charts share one HTML page: matplotlib's ids (patch_1, ...) must not clash."""
    svg = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)


_STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>\s*", re.S)


def _as_presentation_attributes(match: re.Match) -> str:
    declarations = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in declarations)


def _without_inline_styles(svg: str) -> str:
    """The page's Content Security Policy allows no inline style (config.settings), which
    would blank matplotlib's `style="fill: ...; stroke: ..."` and its `<style>` block. The same
    properties as SVG presentation attributes are not CSS and draw the same (in WeasyPrint too).
    The `<style>` block only sets `*{stroke-linejoin: round; stroke-linecap: butt}`: inherited
    from the root instead."""
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTRIBUTE.sub(_as_presentation_attributes, svg)
    return svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)


def _svg(figure, title: str, slug: str) -> str:
    buffer = io.StringIO()
    matplotlib, _ = _matplotlib()
    with matplotlib.rc_context(RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = _prefix_ids(_without_inline_styles(svg[svg.index("<svg") :]), f"chart-{slug}")
    # An accessible name for the image; the data table beside it carries the figures.
    svg = re.sub(r"<svg ", f'<svg role="img" aria-label="{title}" ', svg, count=1)
    return svg


@lru_cache(maxsize=1)
def _matplotlib():
    """matplotlib, imported on the first chart rather than with the module: it costs about a
    second, which every management command and worker start would otherwise pay."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return matplotlib, Figure


def grouped_bars(
    *, slug: str, title: str, table: Table, series: list[int], value_label: str
) -> Chart:
    """One group of bars per row of `table`, one bar per column index in `series`."""
    matplotlib, Figure = _matplotlib()
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(6.0, 3.6))
        axes = figure.subplots()
        labels = [str(row[0]) for row in table.rows]
        width = 0.8 / max(len(series), 1)
        for n, column in enumerate(series):
            values = [_number(row[column]) for row in table.rows]
            positions = [i + (n - (len(series) - 1) / 2) * width for i in range(len(labels))]
            bars = axes.bar(
                positions, values, width, label=table.columns[column], linewidth=1, **STYLES[n]
            )
            axes.bar_label(bars, labels=[_format(v) for v in values], padding=2, fontsize=12)
        # No rotated text: it reads badly and PDF readers see it as tiny glyphs.
        axes.set_xticks(range(len(labels)), [textwrap.fill(label, 12) for label in labels])
        # The key sits in a row between the title and the plot, never over a bar.
        axes.set_title(value_label, loc="left", fontsize=12, pad=12 + 20 * len(series))
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(frameon=False, fontsize=12, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=1)
        axes.margins(y=0.15)
    return Chart(slug, title, _svg(figure, title, slug), table)


def horizontal_bars(*, slug: str, title: str, table: Table, column: int, value_label: str):
    matplotlib, Figure = _matplotlib()
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(4.6, 0.6 * max(len(table.rows), 3) + 1))
        axes = figure.subplots()
        labels = [textwrap.fill(str(row[0]), 20) for row in table.rows]
        values = [_number(row[column]) for row in table.rows]
        bars = axes.barh(labels, values, color="#b1b4b6", edgecolor="#0b0c0c", hatch="//")
        axes.bar_label(bars, labels=[_format(v) for v in values], padding=3, fontsize=12)
        axes.invert_yaxis()
        axes.set_xlabel(value_label)
        axes.spines[["top", "right"]].set_visible(False)
        axes.margins(x=0.15)
    return Chart(slug, title, _svg(figure, title, slug), table)


def _format(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def charts_build(tables: dict[str, Table]) -> list[Chart]:
    """The four charts of a report. Rendering is the slow part of a report page (about 0.3 s
    a chart), so identical data reuses the SVG made last time."""
    return [_cached(chart) for chart in _chart_specs(tables)]


@dataclass(frozen=True)
class _Spec:
    maker: str
    slug: str
    title: str
    columns: tuple
    rows: tuple
    series: tuple
    value_label: str

    @property
    def table(self) -> Table:
        # Its own id: the same figures may also appear in the report's full tables.
        return Table(
            f"{self.slug}-chart", self.title, list(self.columns), [list(r) for r in self.rows]
        )


@lru_cache(maxsize=256)
def _svg_for(spec: _Spec) -> str:
    if spec.maker == "horizontal":
        return horizontal_bars(
            slug=spec.slug,
            title=spec.title,
            table=spec.table,
            column=spec.series[0],
            value_label=spec.value_label,
        ).svg
    return grouped_bars(
        slug=spec.slug,
        title=spec.title,
        table=spec.table,
        series=list(spec.series),
        value_label=spec.value_label,
    ).svg


def _cached(spec: _Spec) -> Chart:
    return Chart(spec.slug, spec.title, _svg_for(spec), spec.table)


def _spec(maker, *, slug, title, table, series, value_label) -> _Spec:
    return _Spec(
        maker,
        slug,
        title,
        tuple(table.columns),
        tuple(tuple(row) for row in table.rows),
        tuple(series),
        value_label,
    )


def _chart_specs(tables: dict[str, Table]) -> list[_Spec]:
    summary = tables["summary"]
    by_key = {row[0]: row for row in summary.rows}
    kinds = tables["kinds"]
    on_time = Table(
        "on_time",
        "% answered within the deadline",
        ["Stage", *summary.columns[1:2], summary.columns[2], summary.columns[4]],
        [
            [label, by_key[line][1], by_key[line][2], by_key[line][4]]
            for label, line in (
                ("Stage 1", "Stage 1 % answered within the deadline"),
                ("Stage 2", "Stage 2 % answered within the deadline"),
            )
        ],
    )
    services = tables["services"]
    complaints_by_service = Table(
        "complaints_by_service",
        "Complaints by service (this period)",
        ["Service", "Complaints"],
        [[row[0], row[1]] for row in services.rows[:-1]],
    )
    kinds_chart_table = Table(
        kinds.slug,
        kinds.title,
        [kinds.columns[0], kinds.columns[1], kinds.columns[2], kinds.columns[4]],
        [[row[0], row[1], row[2], row[4]] for row in kinds.rows],
    )
    return [
        _spec(
            "grouped",
            slug="kinds",
            title="Feedback received by kind",
            table=kinds_chart_table,
            series=[1, 2, 3],
            value_label="Number received",
        ),
        _spec(
            "grouped",
            slug="on_time",
            title="Complaints answered within the deadline",
            table=on_time,
            series=[1, 2, 3],
            value_label="% answered within the deadline",
        ),
        _spec(
            "horizontal",
            slug="complaints_by_service",
            title="Complaints by service",
            table=complaints_by_service,
            series=[1],
            value_label="Complaints received",
        ),
        _spec(
            "grouped",
            slug="outcomes",
            title="Outcomes at Stage 1 and Stage 2",
            table=tables["outcomes"],
            series=[1, 2],
            value_label="Number of complaints",
        ),
    ]
