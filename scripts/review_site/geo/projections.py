"""Projections (degrees in, lengths in units of the Earth's radius out): Equal Earth and equirectangular."""

from __future__ import annotations

import math


_EE_A1, _EE_A2, _EE_A3, _EE_A4 = 1.340264, -0.081106, 0.000893, 0.003796
_EE_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Project a point with the Equal Earth projection (sphere of radius 1).

    Args:
        lon: longitude in degrees, east positive (−180…180).
        lat: latitude in degrees, north positive (−90…90).

    Returns:
        ``(x, y)`` in Earth radii, x east and y north; x spans about ±2.7066 at the equator and
        y about ±1.3173 at the poles. Areas are preserved (equal-area projection).
    """
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_EE_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_EE_M * (_EE_A1 + 3 * _EE_A2 * t2 + t6 * (7 * _EE_A3 + 9 * _EE_A4 * t2)))
    y = theta * (_EE_A1 + _EE_A2 * t2 + t6 * (_EE_A3 + _EE_A4 * t2))
    return x, y


def equirectangular(lon: float, lat: float, standard_parallel: float = 0.0) -> tuple[float, float]:
    """Project a point with the equidistant cylindrical projection (sphere of radius 1).

    Args:
        lon, lat: degrees, east and north positive.
        standard_parallel: latitude in degrees where east–west distances are true to scale.

    Returns:
        ``(x, y)`` in Earth radii: ``x = λ·cos φ₁``, ``y = φ`` (angles in radians), x east, y north.
    """
    return math.radians(lon) * math.cos(math.radians(standard_parallel)), math.radians(lat)
