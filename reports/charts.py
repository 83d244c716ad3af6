"""Charts for the PDF as SVG, drawn by matplotlib from snapshot data only.

Output is byte-for-byte repeatable (fixed hash salt, no date in the metadata), so a report
rendered again from its snapshot has the same SHA-256.
"""

import io
import os
import tempfile
import threading
from collections.abc import Sequence

_lock = threading.Lock()  # pyplot's state is global: one figure at a time per process


def _pyplot():
    os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "pacsvendor-matplotlib"))
    import matplotlib

    matplotlib.use("svg")
    matplotlib.rcParams.update(
        {
            "svg.hashsalt": "pacs-vendor-desk",
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 8,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "grid.linewidth": 0.6,
            "axes.edgecolor": "#888888",
            "axes.titlesize": 9,
            "legend.frameon": False,
            "legend.fontsize": 7,
        }
    )
    import matplotlib.pyplot as plt

    return plt


MEASURED = "#0d6efd"
REPORTED = "#fd7e14"
TARGET = "#dc3545"
GOOD = "#198754"
MUTED = "#6c757d"


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # no XML prolog: the SVG is inlined in HTML


def _legend(axes, below: bool) -> None:
    """The legend where the data is not (matplotlib's guess), or in one row under the chart."""
    if below:
        entries = len(axes.get_legend_handles_labels()[1])
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=max(entries, 1))
    else:
        axes.legend(loc="best")


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    *,
    target: float | None = None,
    unit: str = "",
    title: str = "",
    width: float = 6.8,
    height: float = 2.1,
    ticks: int = 12,
    legend_below: bool = False,
) -> str:
    """``series`` is (legend, values aligned with ``labels``, colour); gaps stay gaps. At most
    about ``ticks`` labels are written on the x axis (fewer for narrow charts)."""
    with _lock:
        plt = _pyplot()
        figure, axes = plt.subplots(figsize=(width, height))
        try:
            positions = range(len(labels))
            for legend, values, colour in series:
                points = [(x, v) for x, v in zip(positions, values, strict=True) if v is not None]
                if points:
                    xs, ys = zip(*points, strict=True)
                    axes.plot(xs, ys, marker="o", markersize=3, linewidth=1.4, color=colour, label=legend)
            if target is not None:
                axes.axhline(target, color=TARGET, linewidth=1, linestyle="--", label="Target")
            axes.set_xticks(list(positions))
            axes.set_xlim(-0.5, len(labels) - 0.5)  # the first and last points clear of the frame
            step = max(1, len(labels) // ticks)
            axes.set_xticklabels([label if i % step == 0 else "" for i, label in enumerate(labels)], rotation=0)
            if unit:
                axes.set_ylabel(unit)
            if title:
                axes.set_title(title, loc="left")
            _legend(axes, legend_below)
            return _svg(figure)
        finally:
            plt.close(figure)


def bar_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float], str]],
    *,
    unit: str = "",
    title: str = "",
    target: float | None = None,
    width: float = 6.8,
    height: float = 2.1,
    floor: float | None = None,
    legend_below: bool = False,
) -> str:
    """Grouped bars; ``floor`` starts the value axis there (e.g. 99 for uptimes)."""
    with _lock:
        plt = _pyplot()
        figure, axes = plt.subplots(figsize=(width, height))
        try:
            count = max(len(series), 1)
            bar_width = 0.8 / count
            for index, (legend, values, colour) in enumerate(series):
                offsets = [x - 0.4 + bar_width * (index + 0.5) for x in range(len(labels))]
                axes.bar(offsets, values, width=bar_width, color=colour, label=legend)
            if target is not None:
                axes.axhline(target, color=TARGET, linewidth=1, linestyle="--", label="Target")
            if floor is not None:
                top = max([floor + 0.01, *(v for _, values, _ in series for v in values), target or floor])
                axes.set_ylim(floor, top + (top - floor) * 0.05)
            axes.set_xticks(list(range(len(labels))))
            axes.set_xticklabels(labels)
            if unit:
                axes.set_ylabel(unit)
            if title:
                axes.set_title(title, loc="left")
            if len(series) > 1 or target is not None:
                _legend(axes, legend_below)
            return _svg(figure)
        finally:
            plt.close(figure)
