"""Rows of figures, printed as one markdown table with ratios beside them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Row:
    """One measured figure for each contender that has it (None: not measured)."""

    name: str
    unit: str
    ours: float | None
    official: float | None = None
    raw: float | None = None
    target: str = ""
    higher_is_better: bool = False


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if value >= 1000:
        text = f"{value:,.0f}"
    elif value >= 100:
        text = f"{value:.0f}"
    elif value >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}x"


HEADER = ("benchmark", "ours", "official", "raw httpx", "ours/raw", "official/raw", "ours/official", "target")


def render(rows: list[Row]) -> str:
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join(["---"] + ["---:"] * 6 + ["---"]) + "|",
    ]
    for row in rows:
        cells = [
            row.name,
            _figure(row.ours, row.unit),
            _figure(row.official, row.unit),
            _figure(row.raw, row.unit),
            _ratio(row.ours, row.raw),
            _ratio(row.official, row.raw),
            _ratio(row.ours, row.official),
            row.target,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
