"""The lexical layer of a page's Markdown shared by the citation grammar and the checks: which lines
are fenced code, the prose lines with code spans blanked, and the H2/H3 sections with their explicit ids
(:mod:`review_site.citation_grammar`, :mod:`review_site.markdown_checks`)."""

from __future__ import annotations

import re
from collections.abc import Iterable


FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)")
BRACKET = re.compile(r"\[([^\[\]]*)\]")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
#: Any ATX heading, also indented or inside a list item or block quote (Python-Markdown renders
#: those in lists and quotes as headings, with an automatic id).
ANY_HEADING = re.compile(r"^(?:[ \t]*>)*[ \t]*(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
#: A setext underline (Python-Markdown: ``[=-]+`` right below the first line of a block).
SETEXT_UNDERLINE = re.compile(r"^(?P<rule>=+|-+)[ ]*$")
HEADING_ID = re.compile(r"\{\s*[^}]*#(?P<id>[^\s}]+)[^}]*\}\s*$")


def code_mask(markdown: str) -> list[bool]:
    """Return, for each line of ``markdown``, whether it lies inside a fenced code block."""
    inside: list[bool] = []
    fence = None
    for line in markdown.split("\n"):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group("fence")
            inside.append(True)
        elif fence is not None:
            inside.append(True)
            if (
                match
                and match.group("fence")[0] == fence[0]
                and len(match.group("fence")) >= len(fence)
                and not line.strip()[len(match.group("fence")) :].strip()
            ):
                fence = None
        else:
            inside.append(False)
    return inside


def prose_lines(markdown: str) -> Iterable[tuple[int, str]]:
    """Yield ``(line number, text)`` for lines outside fenced code, code spans blanked out."""
    for number, (line, in_code) in enumerate(zip(markdown.split("\n"), code_mask(markdown), strict=True), start=1):
        if not in_code:
            yield number, CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def section_heading(line: str) -> tuple[str, str, int] | None:
    """``(id, plain text, level)`` of an H2/H3 line with an explicit id, else ``None``."""
    match = HEADING.match(line)
    if not match or len(match.group("hashes")) not in (2, 3):
        return None
    id_match = HEADING_ID.search(match.group("text"))
    if not id_match:
        return None
    text = HEADING_ID.sub("", match.group("text"))
    text = " ".join(BRACKET.sub("", text).replace("*", "").replace("`", "").split())
    return id_match.group("id"), text, len(match.group("hashes"))


def section_headings(markdown: str) -> list[tuple[str, str, int]]:
    """The H2/H3 sections of a page: ``(id, plain heading text, level)`` in order.

    Args:
        markdown: a page's Markdown (front matter removed); headings need an explicit id.

    Returns:
        One triple per H2/H3 outside code blocks that has ``{ #id }``; the text has its id,
        citations, emphasis asterisks and backticks removed.
    """
    return [parsed for _, line in prose_lines(markdown) if (parsed := section_heading(line))]
