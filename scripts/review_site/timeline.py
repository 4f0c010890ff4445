"""A timeline of the works the review cites, one lane per strand of research, as inline SVG.

- :func:`works_from_bibtex` reads the year and the authors of every entry of the BibTeX file
  with pybtex and gives each work a short label in the Chicago author-date in-text form
  ("Marshall 1920", "Beaudry and Swann 2001", "Henderson et al. 2001", "Foss 1999a").
- :func:`render_timeline_svg` draws one horizontal year axis (from the decade of the earliest work
  to the latest, zoomed where the works cluster: :func:`zoom_year`), one lane per strand (mechanisms, growth, innovation, policy, methods, other) and each
  work as a point that links to its entry in the references; points whose years are too close
  to fit side by side are stacked within their lane. The colours follow the page's theme, as
  for the map in :mod:`review_site.geo`; classes are prefixed ``timeline-``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from pybtex.richtext import Text

from review_site.bibliography import parse_bibtex
from review_site.geo import text_width

#: The strands, in lane order (top to bottom), and the lane labels.
STRANDS = ("mechanisms", "growth", "innovation", "policy", "methods", "other")
STRAND_LABELS = {
    "mechanisms": "Mechanisms",
    "growth": "Growth",
    "innovation": "Innovation",
    "policy": "Policy",
    "methods": "Methods",
    "other": "Other",
}

#: Styles of the timeline; colours from the text colour and Material's variables, with fallbacks.
TIMELINE_CSS = """\
.timeline-svg{max-width:100%;height:auto}
.timeline-svg text{font-family:var(--md-text-font-family,system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif)}
.timeline-band{fill:currentColor;fill-opacity:.045}
.timeline-grid{stroke:currentColor;stroke-opacity:.16;stroke-width:1}
.timeline-axis{stroke:currentColor;stroke-opacity:.7;stroke-width:1}
.timeline-tick-label{fill:currentColor;font-size:14px}
.timeline-lane-label{fill:currentColor;font-size:14px;font-weight:700}
.timeline-point{fill:var(--md-typeset-a-color,#3f51b5);stroke:var(--md-default-bg-color,#fff);stroke-width:1.2}
.timeline-label{fill:currentColor;font-size:14px;stroke:var(--md-default-bg-color,#fff);stroke-width:3px;stroke-linejoin:round;paint-order:stroke}
.timeline-work:hover .timeline-point,.timeline-work:focus .timeline-point{stroke:currentColor;stroke-width:2}
.timeline-work:hover .timeline-label,.timeline-work:focus .timeline-label{text-decoration:underline}
.timeline-work:focus-visible{outline:2px solid currentColor;outline-offset:1px}
.timeline-hit{fill:transparent}
.timeline-break{fill:none;stroke:currentColor;stroke-opacity:.7;stroke-width:1.2}
.timeline-note{fill:currentColor;font-size:14px;font-style:italic}
"""

WIDTH = 800.0
_LEFT, _RIGHT = 104.0, 18.0  # lane-label column; room for the last tick label
_RADIUS, _ROW, _PAD = (
    4.5,
    30.0,
    9.0,
)  # rows 30 apart: a 30 x 30 target each, >= 24 CSS px even when scaled to 0.8 (WCAG 2.5.8)
_HIT = 30.0
#: Share of the plot given to the years from the zoom year on (where the works cluster).
ZOOM_SHARE = 0.8
#: The zoom year is the latest multiple of 5 from which at least this share of the works date.
ZOOM_WORKS = 0.9
_MIN_LANE = 30.0
_LABEL_FONT = 14.0  # >= 12 CSS px on screen at the laptop column's scale (0.86)


@dataclass(frozen=True)
class Work:
    """One cited work on the timeline.

    Attributes:
        key: the BibTeX key (``porter1998clusters``).
        year: year of publication (the edition cited).
        label: short author-date label, e.g. ``"Marshall 1920"``; the point's tooltip.
        strand: one of :data:`STRANDS`.
    """

    key: str
    year: int
    label: str
    strand: str


def _plain(latex: str) -> str:
    """BibTeX field text → plain text (braces removed, LaTeX accents decoded)."""
    return str(Text.from_latex(latex)) if latex else ""


def short_author(persons: Sequence) -> str:
    """The author part of a Chicago author-date in-text citation (18th ed.).

    Args:
        persons: pybtex ``Person`` objects, in order.

    Returns:
        ``"Surname"`` for one author, ``"A and B"`` for two, ``"A et al."`` for three or more;
        surnames keep their particles (``"van Dijk"``, ``"den Hertog"``); a braced corporate
        author (``{OECD}``) is given as written. Empty for no persons.
    """
    names = []
    for person in persons:
        parts = [_plain(name) for name in (*person.prelast_names, *person.last_names)]
        names.append(" ".join(part for part in parts if part))
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def works_from_bibtex(bib_text: str, strands: Mapping[str, str]) -> list[Work]:
    """Turn the bibliography into timeline works.

    Args:
        bib_text: the BibTeX file's text.
        strands: citation key → strand (one of :data:`STRANDS`), e.g. from the page that cites
            the key; keys not in the mapping get ``"other"``.

    Returns:
        One :class:`Work` per entry that has a year (entries without a four-digit ``year``
        or ``date``, such as an untraced work, cannot be placed and are left out), in file
        order. The label is the author part (:func:`short_author` of the authors, else the
        editors, else the key) and the year; works that share author part and year get
        ``a``, ``b``, … in title order, as the Chicago style does ("Foss 1999a").

    Raises:
        ValueError: a strand is not one of :data:`STRANDS`, or ``strands`` names a key that
            is not in the bibliography (both listed in the message).
        pybtex.database.BibliographyDataError / PybtexSyntaxError: the BibTeX does not parse.
    """
    bad = sorted(f"{key}: {strand}" for key, strand in strands.items() if strand not in STRANDS)
    if bad:
        raise ValueError(f"unknown strand(s), expected one of {', '.join(STRANDS)}: " + "; ".join(bad))
    database = parse_bibtex(bib_text)
    missing = sorted(set(strands) - set(database.entries))
    if missing:
        raise ValueError("strands name key(s) not in the bibliography: " + ", ".join(missing))
    found = []
    for key, entry in database.entries.items():
        match = re.search(r"\d{4}", entry.fields.get("year", "") or entry.fields.get("date", ""))
        if not match:
            continue
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        author = short_author(persons) or key
        title = _plain(entry.fields.get("title", "")).casefold()
        found.append((key, int(match.group(0)), author, title, strands.get(key, "other")))
    groups: dict[tuple[str, int], list[tuple[str, str]]] = {}
    for key, year, author, title, _ in found:
        groups.setdefault((author, year), []).append((title, key))
    suffix: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            for number, (_, key) in enumerate(sorted(members)):
                suffix[key] = _letters(number)
    return [Work(key, year, f"{author} {year}{suffix.get(key, '')}", strand) for key, year, author, _, strand in found]


def _letters(number: int) -> str:
    """0 → ``a``, 25 → ``z``, 26 → ``aa`` (CSL year-suffix letters)."""
    text = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def stack_rows(xs: Sequence[float], gap: float) -> list[int]:
    """Assign points on a line to rows so that points in one row are at least ``gap`` apart.

    Args:
        xs: x positions (any order).
        gap: the smallest distance between two points of the same row.

    Returns:
        The row (0 = first) of each point, in the order of ``xs``; points are taken from left
        to right and each goes to the lowest row it fits in (first fit), so rows are only
        used where points would otherwise collide.
    """
    rows_end: list[float] = []
    result = [0] * len(xs)
    for index in sorted(range(len(xs)), key=lambda i: xs[i]):
        for row, end in enumerate(rows_end):
            if xs[index] - end >= gap:
                rows_end[row] = xs[index]
                result[index] = row
                break
        else:
            rows_end.append(xs[index])
            result[index] = len(rows_end) - 1
    return result


def year_x(year: float, start: int, end: int, width: float = WIDTH, zoom: int | None = None) -> float:
    """x position of ``year`` on the axis (SVG user units): ``start`` at the left edge of the
    plot, ``end`` at its right edge. With ``zoom`` (a year between them) the years from ``zoom``
    to ``end`` take :data:`ZOOM_SHARE` of the plot and the earlier ones the rest, each part linear."""
    plot = width - _LEFT - _RIGHT
    if zoom is None or not start < zoom < end:
        return _LEFT + (year - start) / (end - start) * plot
    if year <= zoom:
        return _LEFT + (year - start) / (zoom - start) * (1 - ZOOM_SHARE) * plot
    return _LEFT + ((1 - ZOOM_SHARE) + (year - zoom) / (end - zoom) * ZOOM_SHARE) * plot


def axis_range(years: Sequence[int]) -> tuple[int, int]:
    """``(start, end)`` of an axis that fits ``years``: the decade of the earliest year, the
    latest year rounded up to a multiple of 5 (``[1920, 2003]`` → ``(1920, 2005)``)."""
    return min(years) // 10 * 10, -(-max(years) // 5) * 5


def zoom_year(years: Sequence[int], start: int, end: int) -> int | None:
    """Where the works cluster: the latest multiple of 5, at least 20 years after ``start`` and
    10 before ``end``, from which :data:`ZOOM_WORKS` of ``years`` date; ``None`` if there is none.

    Example: 5 works between 1920 and 1957 and 48 from 1990 to 2003 give 1990.
    """
    best = None
    for candidate in range(start + 20 + (-(start + 20)) % 5, end - 9, 5):
        if sum(year >= candidate for year in years) >= ZOOM_WORKS * len(years):
            best = candidate
    return best


def render_timeline_svg(
    works: Iterable[Work],
    link_for: Callable[[str], str],
    *,
    start: int | None = None,
    end: int | None = None,
    tick: int = 10,
    zoom: int | str | None = "auto",
    title: str = "Timeline of the works the review cites, by strand of research",
    desc: str | None = None,
    id_prefix: str = "timeline",
    embed_css: bool = True,
) -> str:
    """Draw the works on a year axis, one lane per strand, as an inline SVG.

    Args:
        works: :class:`Work` items (or objects with ``key``, ``year``, ``label``, ``strand``).
        link_for: citation key → ``href`` of its entry, relative to the page the timeline is on
            (e.g. ``"../references/#ref-porter1998clusters"``).
        start, end: the years at the ends of the axis; by default :func:`axis_range` of the works'
            years. ``tick``: years between ticks (ticks at the multiples of ``tick`` from ``start``
            up to ``end``; on a zoomed axis every second tick before the zoom year, and a tick
            every two years after it).
        zoom: the year from which the axis is zoomed (:func:`year_x`), ``"auto"`` for
            :func:`zoom_year`, ``None`` for a linear axis. The axis before the zoom year is drawn
            dashed, with a break mark and a note saying it is compressed.
        title: the SVG's ``<title>`` (its accessible name).
        desc: the SVG's ``<desc>``; by default it counts the works per strand and gives the range
            of years.
        id_prefix: prefix of the ids ``<prefix>-title`` and ``<prefix>-desc``.
        embed_css: include the ``<style>`` (:data:`TIMELINE_CSS`).

    Returns:
        SVG markup, ``viewBox="0 0 800 H"``, ``role="group"`` (it holds links, which axe-core's
        rule ``nested-interactive`` forbids inside ``role="img"``), ``aria-labelledby`` /
        ``aria-describedby`` pointing at ``<title>`` and ``<desc>``. A lane per strand that has
        works, in :data:`STRANDS` order, labelled at the left; per work an
        ``<a class="timeline-work" href>`` holding a ``<title>`` (the label), a ``<circle>``
        and, where the label fits without touching another point or label, a visible ``<text>``,
        over a transparent 24 × 24 ``rect.timeline-hit`` (the tap target). Points closer than
        24 units are stacked upwards within the lane, 24 units apart (:func:`stack_rows`).

    Raises:
        ValueError: no works; a duplicate key; a strand not in :data:`STRANDS`; a year outside
            ``start``–``end``; ``end`` not after ``start`` (each naming the keys concerned).
    """
    works = list(works)
    if not works:
        raise ValueError("render_timeline_svg: no works")
    fitted = axis_range([work.year for work in works])
    start = fitted[0] if start is None else start
    end = max(fitted[1], start + 1) if end is None else end
    if end <= start or tick <= 0:
        raise ValueError(f"render_timeline_svg: bad axis {start}–{end}, tick {tick}")
    keys = [work.key for work in works]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError("render_timeline_svg: duplicate key(s) " + ", ".join(duplicates))
    bad_strand = [f"{w.key} ({w.strand})" for w in works if w.strand not in STRANDS]
    if bad_strand:
        raise ValueError(f"render_timeline_svg: strand not one of {', '.join(STRANDS)}: " + ", ".join(bad_strand))
    outside = [f"{w.key} ({w.year})" for w in works if not start <= w.year <= end]
    if outside:
        raise ValueError(f"render_timeline_svg: year outside {start}–{end}: " + ", ".join(outside))

    if zoom == "auto":
        zoom = zoom_year([w.year for w in works], start, end)
    if zoom is not None and not start < zoom < end:
        zoom = None

    def x_of(year: float) -> float:
        return year_x(year, start, end, zoom=zoom)

    lanes = [
        (strand, sorted((w for w in works if w.strand == strand), key=lambda w: (w.year, w.label, w.key)))
        for strand in STRANDS
    ]
    lanes = [(strand, members) for strand, members in lanes if members]

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    if desc is None:
        counts = "; ".join(f"{STRAND_LABELS[s]}: {len(m)}" for s, m in lanes)
        years = [w.year for w in works]
        zoomed = (
            f" The axis is zoomed from {zoom} on, where {sum(y >= zoom for y in years)} of the works date; "
            f"the years before {zoom} are compressed."
            if zoom
            else ""
        )
        desc = (
            f"{len(works)} works on a time axis from {start} to {end}, in one lane per strand of research "
            f"({counts}). They date from {min(years)} to {max(years)}.{zoomed} Each point links to the work's "
            f"entry in the references; the list below the figure names every work."
        )

    body: list[str] = []
    top = 8.0
    y = top
    plot_right = WIDTH - _RIGHT
    for number, (strand, members) in enumerate(lanes):
        xs = [x_of(w.year) for w in members]
        rows = stack_rows(xs, _HIT)
        height = max(_MIN_LANE, (max(rows) + 1) * _ROW + 2 * _PAD)
        bottom = y + height
        body.append(f'<g class="timeline-lane timeline-lane-{strand}">')
        if number % 2 == 0:
            body.append(f'<rect class="timeline-band" x="0" y="{_n(y)}" width="{_n(WIDTH)}" height="{_n(height)}"/>')
        body.append(
            f'<text class="timeline-lane-label" x="8" y="{_n(y + height / 2 + 4.5)}">'
            f"{escape(STRAND_LABELS[strand])}</text>"
        )
        centres = [(x, bottom - _PAD - _RADIUS - row * _ROW) for x, row in zip(xs, rows, strict=True)]
        taken = [(cx - _RADIUS - 1, cy - _RADIUS - 1, cx + _RADIUS + 1, cy + _RADIUS + 1) for cx, cy in centres]
        for work, (cx, cy) in zip(members, centres, strict=True):
            label = _visible_label(
                work.label, cx, cy, taken, [c for c in centres if c != (cx, cy)], y, bottom, _LEFT, plot_right
            )
            text = ""
            if label:
                lx, ly, anchor, box = label
                taken.append(box)
                text = (
                    f'<text class="timeline-label" x="{_n(lx)}" y="{_n(ly)}" text-anchor="{anchor}">'
                    f"{escape(work.label)}</text>"
                )
            body.append(
                f'<a class="timeline-work" href="{escape(link_for(work.key))}">'
                f"<title>{escape(work.label)}</title>"
                f'<rect class="timeline-hit" x="{_n(cx - _HIT / 2)}" y="{_n(cy - _HIT / 2)}" '
                f'width="{_n(_HIT)}" height="{_n(_HIT)}"/>'
                f'<circle class="timeline-point" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(_RADIUS)}"/>{text}</a>'
            )
        body.append("</g>")
        y = bottom
    axis_y = y + 6
    grid = []
    first_tick = start + (-start) % tick
    if zoom is None:
        ticks = list(range(first_tick, end + 1, tick))
    else:  # fewer ticks where the axis is compressed, one every two years where it is zoomed
        early = [year for year in range(first_tick, zoom, 2 * tick) if x_of(zoom) - x_of(year) >= 32]
        ticks = early + list(range(zoom, end + 1, 2))
    for year in ticks:
        x = x_of(year)
        grid.append(f'<line class="timeline-grid" x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(axis_y)}"/>')
        grid.append(f'<line class="timeline-axis" x1="{_n(x)}" y1="{_n(axis_y)}" x2="{_n(x)}" y2="{_n(axis_y + 5)}"/>')
        grid.append(
            f'<text class="timeline-tick-label" x="{_n(x)}" y="{_n(axis_y + 18)}" text-anchor="middle">{year}</text>'
        )
    if zoom is None:
        axis = (
            f'<line class="timeline-axis" x1="{_n(x_of(start))}" y1="{_n(axis_y)}" '
            f'x2="{_n(x_of(end))}" y2="{_n(axis_y)}"/>'
        )
        height_total = axis_y + 26
    else:
        bx = x_of(zoom) - 6
        axis = (
            f'<line class="timeline-axis" x1="{_n(x_of(start))}" y1="{_n(axis_y)}" x2="{_n(bx - 3)}" '
            f'y2="{_n(axis_y)}" stroke-dasharray="4 3"/>'
            f'<path class="timeline-break" d="M{_n(bx - 6)} {_n(axis_y + 5)}L{_n(bx)} {_n(axis_y - 5)}'
            f'M{_n(bx - 1)} {_n(axis_y + 5)}L{_n(bx + 5)} {_n(axis_y - 5)}"/>'
            f'<line class="timeline-axis" x1="{_n(bx + 3)}" y1="{_n(axis_y)}" x2="{_n(x_of(end))}" y2="{_n(axis_y)}"/>'
            f'<text class="timeline-note" x="{_n(_LEFT)}" y="{_n(axis_y + 36)}">Years before {zoom} compressed; '
            f"from {zoom} on, zoomed.</text>"
        )
        height_total = axis_y + 44

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" role="group" '
        f'aria-labelledby="{escape(title_id)}" aria-describedby="{escape(desc_id)}" '
        f'viewBox="0 0 {_n(WIDTH)} {_n(height_total)}" width="{_n(WIDTH)}" height="{_n(height_total)}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(desc)}</desc>',
    ]
    if embed_css:
        out.append(f"<style>{TIMELINE_CSS}</style>")
    out.append('<g class="timeline-axis-group" aria-hidden="true">' + "".join(grid) + axis + "</g>")
    out.extend(body)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _visible_label(
    text: str,
    cx: float,
    cy: float,
    taken: list[tuple[float, float, float, float]],
    others: Sequence[tuple[float, float]],
    lane_top: float,
    lane_bottom: float,
    left: float,
    right: float,
):
    """Where to write a point's label: right of it, else left.

    ``None`` if on both sides the label would touch a label already written, leave the lane or
    the plot, or have another point of the lane (``others``: their centres) in its row band (less
    than a row from its baseline) across its width, so that a label can only belong to the point
    beside it: points of other rows sit at least a row above or below it. Returns ``(x, baseline, text-anchor, box)``.
    """
    width = text_width(text, _LABEL_FONT)
    ascent, descent = 0.78 * _LABEL_FONT, 0.24 * _LABEL_FONT
    for side in (1, -1):
        x = cx + side * (_RADIUS + 3)
        x0, x1 = (x, x + width) if side == 1 else (x - width, x)
        box = (x0 - 1, cy + 4 - ascent - 1, x1 + 1, cy + 4 + descent + 1)
        if box[0] < left or box[2] > right or box[1] < lane_top or box[3] > lane_bottom:
            continue
        if any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken):
            continue
        if any(box[0] - _RADIUS - 2 < ox < box[2] + _RADIUS + 2 and abs(oy - cy) < _ROW for ox, oy in others):
            continue
        return x, cy + 4, "start" if side == 1 else "end", box
    return None


def _n(value: float) -> str:
    """Format a coordinate with at most one decimal."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def timeline_list_html(works: Iterable[Work], link_for: Callable[[str], str]) -> str:
    """Every work of the timeline as a plain list by year, for phones and for readers without
    the picture.

    Args:
        works: :class:`Work` items; link_for: citation key → ``href`` of its entry.

    Returns:
        ``<ul class="timeline-list">`` with one ``<li>`` per year (earliest first): the year in
        ``<strong>``, then each work of that year as a link labelled like its point
        (``"Porter 1998"``) followed by its strand in parentheses, works separated by ``;``.
    """
    by_year: dict[int, list[Work]] = {}
    for work in works:
        by_year.setdefault(work.year, []).append(work)
    items = []
    for year in sorted(by_year):
        entries = "; ".join(
            f'<a href="{escape(link_for(w.key))}">{escape(w.label)}</a> ({escape(STRAND_LABELS[w.strand])})'
            for w in sorted(by_year[year], key=lambda w: (STRANDS.index(w.strand), w.label))
        )
        items.append(f"<li><strong>{year}</strong>: {entries}</li>")
    return '<ul class="timeline-list">\n' + "\n".join(items) + "\n</ul>"
