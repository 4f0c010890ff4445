"""Site-relative addresses, without MkDocs: the same results as ``mkdocs.utils.get_relative_url`` (1.6.1).

Pure string functions over slash-separated URL paths (no scheme, no host).
"""

from __future__ import annotations

import posixpath


def _parts(path: str) -> list[str]:
    """``"a/b/../c/"`` -> ``["a", "c"]``: a path's normalized parts; never above the root."""
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return path.split("/") if path else []


def relative_url(url: str, other: str) -> str:
    """``url`` relative to the page at ``other``, e.g. ``relative_url("growth/", "policy/")`` -> ``"../growth/"``.

    Args:
        url: the target path (``"growth/"``, ``"images/a.svg"``). other: the page's path; its last
            part is dropped when it names a file (contains a dot), as MkDocs does.

    Returns:
        The relative path; ``"."`` for the same folder; a trailing slash kept when ``url`` has one.
    """
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname
    other_parts, dest_parts = _parts(other), _parts(url)
    common = 0
    for a, b in zip(other_parts, dest_parts, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def directory_href(href: str) -> str:
    """``".."`` -> ``"../"``: MkDocs writes the home page's relative URL without its slash."""
    return href + "/" if href in (".", "..") else href


def page_item_id(url: str) -> str:
    """The citation item id of the page at ``url``: ``"growth/"`` -> ``"page-growth"``, ``""`` -> ``"page-home"``."""
    return "page-" + (url.strip("/").replace("/", "-").removesuffix(".html") or "home")
