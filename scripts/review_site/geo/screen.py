"""Geometry on the screen (SVG user units, y down): boxes, clipping, simplification, SVG paths."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


Point = tuple[float, float]


@dataclass(frozen=True)
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: _Box, gap: float = 0.0) -> float:
        """Area shared with ``other`` once both are grown by ``gap`` (0 when apart)."""
        width = min(self.x1, other.x1) - max(self.x0, other.x0) + 2 * gap
        height = min(self.y1, other.y1) - max(self.y0, other.y0) + 2 * gap
        return width * height if width > 0 and height > 0 else 0.0

    def contains(self, other: _Box) -> bool:
        return self.x0 <= other.x0 and self.y0 <= other.y0 and other.x1 <= self.x1 and other.y1 <= self.y1


def _clip_polygon(points: list[Point], box: _Box) -> list[Point]:
    """Sutherland–Hodgman clipping of a closed ring against a rectangle."""
    edges = (
        (lambda p: p[0] >= box.x0, lambda p, q: _at_x(p, q, box.x0)),
        (lambda p: p[0] <= box.x1, lambda p, q: _at_x(p, q, box.x1)),
        (lambda p: p[1] >= box.y0, lambda p, q: _at_y(p, q, box.y0)),
        (lambda p: p[1] <= box.y1, lambda p, q: _at_y(p, q, box.y1)),
    )
    output = points
    for inside, cross in edges:
        if not output:
            break
        source, output = output, []
        previous = source[-1]
        for current in source:
            if inside(current):
                if not inside(previous):
                    output.append(cross(previous, current))
                output.append(current)
            elif inside(previous):
                output.append(cross(previous, current))
            previous = current
    return output


def _at_x(p: Point, q: Point, x: float) -> Point:
    t = (x - p[0]) / (q[0] - p[0])
    return x, p[1] + t * (q[1] - p[1])


def _at_y(p: Point, q: Point, y: float) -> Point:
    t = (y - p[1]) / (q[1] - p[1])
    return p[0] + t * (q[0] - p[0]), y


def _clip_segment(p: Point, q: Point, box: _Box) -> tuple[Point, Point] | None:
    """Liang–Barsky clipping of a segment against a rectangle; ``None`` if it lies outside."""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - box.x0), (dx, box.x1 - p[0]), (-dy, p[1] - box.y0), (dy, box.y1 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return None
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (p[0] + t0 * dx, p[1] + t0 * dy), (p[0] + t1 * dx, p[1] + t1 * dy)


def _simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker simplification of a line: keep the points farther than ``tolerance``
    (user units) from the simplified line; the first and last points are always kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        farthest, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / length
            if distance > farthest:
                farthest, index = distance, i
        if index > 0 and farthest > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _simplify_ring(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker for a closed ring: split it at the point farthest from its first point."""
    if len(points) < 4:
        return points
    x0, y0 = points[0]
    split = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
    return _simplify(points[: split + 1], tolerance)[:-1] + _simplify(points[split:] + [points[0]], tolerance)[:-1]


def _num(value: float) -> str:
    """Format a coordinate with at most one decimal (``12``, ``12.5``, ``-0.3``)."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _path(lines: Iterable[list[Point]], closed: bool) -> str:
    """SVG path data: each line an absolute ``M`` and then relative ``l`` steps, on a 0.1 grid.

    Steps between neighbouring points are short numbers, so the basemap is about a quarter
    smaller (gzip) than with absolute coordinates; points are rounded to the grid first, so the
    steps add up exactly and no error accumulates.
    """
    parts = []
    for points in lines:
        grid = [(round(x * 10), round(y * 10)) for x, y in points]
        if not grid:
            continue
        (x0, y0), steps = grid[0], []
        for x, y in grid[1:]:
            if (x, y) != (x0, y0):
                steps.append(f"{_num((x - x0) / 10)} {_num((y - y0) / 10)}")
                x0, y0 = x, y
        parts.append(
            f"M{_num(grid[0][0] / 10)} {_num(grid[0][1] / 10)}"
            + ("l" + " ".join(steps) if steps else "")
            + ("Z" if closed else "")
        )
    return "".join(parts)
