"""The places as a data table for screen readers and search (:func:`places_table_html`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from review_site.geo.places import Place


def places_table_html(
    places: Sequence[Place],
    link_for: Callable[[Place], str],
    caption: str | None,
    section_title: Callable[[Place], str] | None = None,
) -> str:
    """The places as an HTML data table (the map's text alternative).

    Args:
        places: the places, in the order to list them.
        link_for: place → ``href`` of the section that discusses it (as for the map).
        caption: plain text of the ``<caption>``; ``None`` leaves the caption out (when the page
            supplies it, e.g. through :mod:`review_site.captions`).
        section_title: place → the text of the link to that section (e.g. ``"Policy and Empirical
            Studies: Surgical instruments in Tuttlingen and Sialkot"``); if given, a "Discussed in"
            column holds the link; if not, the place's name is the link.

    Returns:
        ``<table>`` (no class, so the theme styles it) with the caption, a header row of
        ``<th scope="col">`` cells (Place, Region, Country, Approximate location, [Discussed in,]
        Note), and one ``<tr id="place-<id>">`` per place whose first cell is a
        ``<th scope="row">``. Text is HTML-escaped; the location reads e.g. ``32.49° N, 74.53° E``.
    """
    columns = ["Place", "Region", "Country", "Approximate location"]
    if section_title is not None:
        columns.append("Discussed in")
    columns.append("Note")
    out = ["<table>"]
    if caption is not None:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append("<thead><tr>" + "\n".join(f'<th scope="col">{name}</th>' for name in columns) + "</tr></thead>")
    out.append("<tbody>")
    for place in places:
        href = escape(link_for(place))
        name = escape(place.name) if section_title is not None else f'<a href="{href}">{escape(place.name)}</a>'
        cells = [
            f'<th scope="row">{name}</th>',
            f"<td>{escape(place.region)}</td>",
            f"<td>{escape(place.country)}</td>",
            f"<td>{format_coordinates(place.lat, place.lon)}</td>",
        ]
        if section_title is not None:
            cells.append(f'<td><a href="{href}">{escape(section_title(place))}</a></td>')
        cells.append(f"<td>{escape(place.note)}</td>")
        # Cells on lines of their own: Material's search index joins the text of adjacent cells.
        out.append(f'<tr id="place-{escape(place.id)}">' + "\n".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out) + "\n"


def format_coordinates(lat: float, lon: float) -> str:
    """``(32.49, -74.5)`` → ``"32.49° N, 74.50° W"`` (two decimals, hemispheres as letters)."""
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"
