"""Panels and labels: fitting an extent, text widths, and placing labels beside markers without overlaps."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from review_site.geo.screen import Point, _Box, _clip_segment


@dataclass
class _Panel:
    """A map drawn in a rectangle of the SVG: projection, visible extent and screen box."""

    project: Callable[[float, float], Point]
    extent: _Box  # projected coordinates (x east, y north)
    screen: _Box  # SVG user units
    name: str

    @property
    def scale(self) -> float:
        return (self.screen.x1 - self.screen.x0) / (self.extent.x1 - self.extent.x0)

    def to_screen(self, lon: float, lat: float) -> Point:
        x, y = self.project(lon, lat)
        return (self.screen.x0 + (x - self.extent.x0) * self.scale, self.screen.y0 + (self.extent.y1 - y) * self.scale)


def _fit_extent(points: list[Point], aspect: float, pad: float, minimum: float) -> _Box:
    """Smallest box of the given width/height ``aspect`` around ``points`` (projected), padded."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    width, height = max(x1 - x0, minimum), max(y1 - y0, minimum / aspect)
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return _Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def text_width(text: str, font_size: float) -> float:
    """Estimate the rendered width of ``text`` in a sans-serif font, in the font's units.

    A per-character estimate (narrow, regular and wide glyphs), calibrated so that it is not
    below the width Chromium measures in DejaVu Sans, a wide fallback font (other system fonts
    are narrower), so label boxes used for overlap tests cover the real text.
    """
    width = 0.0
    for char in text:
        if char in "ijl.,;:'|!Iíì":
            width += 0.29
        elif char in "ftr -()/":
            width += 0.39
        elif char in "mwMW":
            width += 0.92
        elif char.isupper():
            width += 0.72
        elif char.isdigit():
            width += 0.64
        else:
            width += 0.6
    return width * font_size * 1.03


@dataclass
class _Marker:
    x: float
    y: float
    r: float
    label: str = ""  # empty: no visible label


@dataclass
class _Label:
    box: _Box
    anchor: str  # text-anchor
    tx: float
    ty: float  # baseline
    leader: tuple[Point, Point] | None


_DIRECTIONS = (0, 180, -45, 45, -135, 135, -90, 90, -22.5, 22.5, -157.5, 157.5, -67.5, 67.5, -112.5, 112.5)


def _candidate(marker: _Marker, angle: float, distance: float, font_size: float) -> _Label:
    """A label box whose nearest point to the marker is ``distance`` away in direction ``angle``."""
    width = text_width(marker.label, font_size)
    ascent, descent = 0.78 * font_size, 0.24 * font_size
    height = ascent + descent
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    ax, ay = marker.x + dx * distance, marker.y + dy * distance
    if dx > 0.3:
        x0, anchor, tx = ax, "start", ax
    elif dx < -0.3:
        x0, anchor, tx = ax - width, "end", ax
    else:
        x0, anchor, tx = ax - width / 2, "middle", ax
    if dy > 0.3:
        y0 = ay
    elif dy < -0.3:
        y0 = ay - height
    else:
        y0 = ay - height / 2
    box = _Box(x0, y0, x0 + width, y0 + height)
    leader = None
    if distance > marker.r + 6:
        end_x = min(max(marker.x, box.x0), box.x1)
        end_y = min(max(marker.y, box.y0), box.y1)
        length = math.hypot(end_x - marker.x, end_y - marker.y)
        if length > marker.r + 2:
            start = (
                marker.x + (end_x - marker.x) * (marker.r + 1) / length,
                marker.y + (end_y - marker.y) * (marker.r + 1) / length,
            )
            leader = (start, (end_x, end_y))
    return _Label(box, anchor, tx, y0 + ascent, leader)


def _segment_hits_box(segment: tuple[Point, Point], box: _Box) -> bool:
    return _clip_segment(segment[0], segment[1], box) is not None


def place_labels(
    markers: list[_Marker],
    bounds: _Box,
    font_size: float,
    distances: Sequence[float] = (0, 14, 24, 36, 50, 66),
    extra_obstacles: Sequence[_Box] = (),
) -> dict[int, _Label]:
    """Place the labels of ``markers`` so that they do not overlap, greedily.

    Args:
        markers: points with their radius and label text (empty text: no label, but still an obstacle).
        bounds: the rectangle labels must stay inside (SVG user units).
        font_size: label font size in user units.
        extra_obstacles: further boxes that labels must avoid (frames, other text).
        distances: extra distances from a marker's edge to try, in order; beyond the first, a
            leader line joins label and marker.

    Returns:
        Marker index → :class:`_Label`. Crowded markers are placed first; each takes the first
        of 16 directions × ``distances`` whose box stays inside ``bounds`` and clears every
        marker, label and leader line already placed; if none does, the candidate with the
        least overlap is used.
    """
    obstacles = [_Box(m.x - m.r - 1.5, m.y - m.r - 1.5, m.x + m.r + 1.5, m.y + m.r + 1.5) for m in markers]
    obstacles += list(extra_obstacles)
    placed: list[_Label] = []

    def crowding(index: int) -> float:
        marker = markers[index]
        return -sum(
            1 for other in markers if other is not marker and math.hypot(other.x - marker.x, other.y - marker.y) < 60
        )

    order = sorted(
        (i for i, m in enumerate(markers) if m.label), key=lambda i: (crowding(i), markers[i].y, markers[i].x)
    )
    result: dict[int, _Label] = {}
    for index in order:
        marker = markers[index]
        best, best_cost = None, math.inf
        for extra in distances:
            directions = _DIRECTIONS[:8] if extra == 0 else _DIRECTIONS
            for angle in directions:
                label = _candidate(marker, angle, marker.r + 3 + extra, font_size)
                cost = 0.0
                if not bounds.contains(label.box):
                    cost += 1000
                cost += sum(label.box.overlap(other.box, 1.5) for other in placed)
                cost += sum(label.box.overlap(box) for i, box in enumerate(obstacles) if i != index)
                cost += sum(30 for other in placed if other.leader and _segment_hits_box(other.leader, label.box))
                if label.leader:
                    cost += sum(30 for other in placed if _segment_hits_box(label.leader, other.box))
                    cost += sum(
                        30 for i, box in enumerate(obstacles) if i != index and _segment_hits_box(label.leader, box)
                    )
                if cost < best_cost:
                    best, best_cost = label, cost
                if cost == 0:
                    break
            if best_cost == 0:
                break
        assert best is not None
        result[index] = best
        placed.append(best)
    return result
