"""The site's one citation grammar (pandoc's Markdown citation syntax:
https://pandoc.org/MANUAL.html#citation-syntax): ``[@key]``, ``[@key, 80]``, ``[-@key]``, ``[@a; @b]``,
``\\@`` a literal ``@``.

mkdocs-bibtex 4.4.0 would read every ``[...]`` that contains ``@`` as a citation, also inside code and
around e-mail addresses; it replaces a citation's text wherever it occurs in the page, and an unknown
key only logs a warning while the citation text is lost. So the site parses citations itself:

- :func:`find_citations` finds every citation block of a page once; the checks, "Cited in", the
  ``<meta>`` tags and mkdocs-bibtex (through :mod:`review_site.bibtex_adapter`, which replaces the
  plugin's own finder) all use its blocks.
- :func:`protect_literal_at` hides ``@`` in code, e-mail addresses and ``\\@`` from the plugin;
  :func:`restore_literal_at` puts it back in the rendered HTML.
- :func:`citation_problems` checks every citation key against the bibliography.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property


from review_site import Problem
from review_site.markdown_scan import BRACKET, CODE_SPAN, code_mask, prose_lines, section_heading

#: Stands in for a literal ``@`` between the Markdown and HTML stages (Unicode private use area).
AT_PLACEHOLDER = "\ue000"

_EMAIL_AT = re.compile(
    r"(?P<autolink><(?:mailto:)?[^<>\s@]+@[^<>\s]+>)|(?<=[A-Za-z0-9._%+-])@(?=[A-Za-z0-9-]+\.)|(?P<escaped>\\@)"
)
_CITE_KEY = re.compile(r"(?:^|[\s;\[])-?@(?P<key>[^\s;,\]]+)")
_BARE_AT = re.compile(r"(?<![\w\[\-@])@(?P<key>[A-Za-z0-9_:.\-]*[A-Za-z0-9_])")
_KEY_RULE = re.compile(r"^[a-z0-9_-]+$")


def protect_literal_at(markdown: str) -> str:
    """Hide every ``@`` that is not a citation from mkdocs-bibtex.

    Args:
        markdown: a page's Markdown (front matter removed).

    Returns:
        The same text with :data:`AT_PLACEHOLDER` in place of each ``@`` inside fenced code
        blocks, inside code spans, and inside e-mail addresses (``@`` preceded by a name
        character and followed by a domain), and in place of each escaped ``\\@`` outside code
        (pandoc: a literal ``@``, so the reader sees ``@``). Citations ``[@key]`` are untouched.
    """
    out = []
    for line, in_code in zip(markdown.split("\n"), code_mask(markdown), strict=True):
        if in_code:
            out.append(line.replace("@", AT_PLACEHOLDER))
            continue
        line = CODE_SPAN.sub(lambda m: m.group(0).replace("@", AT_PLACEHOLDER), line)
        out.append(_EMAIL_AT.sub(lambda m: m.group("autolink") or AT_PLACEHOLDER, line))
    return "\n".join(out)


def restore_literal_at(html: str) -> str:
    """Undo :func:`protect_literal_at` in rendered HTML (``str`` in, ``str`` out)."""
    return html.replace(AT_PLACEHOLDER, "@")


@dataclass(frozen=True)
class CitationBlock:
    """One bracketed citation of a page, as :func:`find_citations` reads it.

    Attributes:
        text: the block with its brackets, exactly as it stands in the page after
            :func:`protect_literal_at` (``"[see @porter1998clusters, 80; -@krugman1991increasing]"``):
            the text mkdocs-bibtex replaces by the formatted citation, and the text pandoc formats.
        keys: the cited keys in order (``("porter1998clusters", "krugman1991increasing")``), as
            written: a key outside ``[a-z0-9_-]`` is kept here and reported by :func:`citation_problems`.
        line: the 1-based line of the block in the page's Markdown (front matter removed).
        section: the id of the H2/H3 (with ``{ #id }``) above the block or on its line; ``""`` above
            the first. heading: that heading's plain text (``""`` at the top of the page).
    """

    text: str
    keys: tuple[str, ...]
    line: int
    section: str = ""
    heading: str = ""


@dataclass(frozen=True)
class PageCitations:
    """Every citation of one page, found in one pass over its Markdown (:func:`find_citations`).

    Attributes:
        blocks: the citation blocks in reading order (a block written twice is listed twice).
        bare: ``(line, key)`` of every ``@key`` outside brackets: not a citation (inline citations
            are disabled), reported by :func:`citation_problems` when ``key`` is in the bibliography.
    """

    blocks: tuple[CitationBlock, ...] = ()
    bare: tuple[tuple[int, str], ...] = ()

    @cached_property
    def keys(self) -> list[str]:
        """The cited keys in order of first citation."""
        return list(dict.fromkeys(key for block in self.blocks for key in block.keys))

    @cached_property
    def sections(self) -> list[tuple[str, str, str]]:
        """``(key, section id, heading text)`` in order of first citation, one per key and section."""
        found: dict[tuple[str, str], str] = {}
        for block in self.blocks:
            for key in block.keys:
                found.setdefault((key, block.section), block.heading)
        return [(key, section, heading) for (key, section), heading in found.items()]


def find_citations(markdown: str) -> PageCitations:
    """Find every citation of a page: the site's one citation grammar.

    A citation block is a pair of brackets with no bracket inside, on one line, outside fenced
    code and code spans, holding at least one ``@key`` or ``-@key`` (author suppressed) that starts
    the block or follows a space, ``;`` or ``[``: ``[@key]``, ``[see @a, pp. 3-4; -@b]``. The key runs
    up to a space, ``,``, ``;`` or ``]``. An ``@`` inside a word (``name@example.org``, ``x[foo@bar]``),
    in an e-mail address or escaped as ``\\@`` starts no citation (pandoc's citation syntax,
    https://pandoc.org/MANUAL.html#citation-syntax; inline ``@key`` citations are disabled).

    Args:
        markdown: a page's Markdown (front matter removed), as written (not yet protected).

    Returns:
        The page's :class:`PageCitations`; block texts are taken from
        :func:`protect_literal_at` of ``markdown``, the text mkdocs-bibtex is given.
    """
    protected = protect_literal_at(markdown)
    written = protected.split("\n")
    blocks: list[CitationBlock] = []
    bare: list[tuple[int, str]] = []
    section, heading = "", ""
    for number, line in prose_lines(protected):  # code spans blanked out, same length
        if parsed := section_heading(line):
            section, heading, _ = parsed
        for bracket in BRACKET.finditer(line):
            keys = tuple(match.group("key") for match in _CITE_KEY.finditer(bracket.group(1)))
            if keys:
                text = written[number - 1][bracket.start() : bracket.end()]
                blocks.append(CitationBlock(text, keys, number, section, heading))
        outside = BRACKET.sub(lambda m: " " * len(m.group(0)), line)
        bare += [(number, match.group("key")) for match in _BARE_AT.finditer(outside)]
    return PageCitations(tuple(blocks), tuple(bare))


def citation_problems(
    citations: PageCitations, known_keys: Iterable[str], path: str, line_offset: int = 0
) -> list[Problem]:
    """Check every citation of a page against the bibliography.

    Args:
        citations: the page's citations (:func:`find_citations`).
        known_keys: the citation keys of the BibTeX file.
        path: the page's source path for messages (e.g. ``docs/growth.md``).
        line_offset: lines before the page's Markdown in the file (the front matter).

    Returns:
        In line order, one problem per unknown key, per key outside ``[a-z0-9_-]`` (mkdocs-bibtex
        would cut it at ``:`` or ``.``), and per bare ``@key`` of a known key outside brackets
        (inline citations are disabled, so it would print literally).
    """
    known = set(known_keys)
    problems = []
    for block in citations.blocks:
        for key in block.keys:
            if not _KEY_RULE.match(key):
                message = (
                    f"citation key '{key}' has characters outside [a-z0-9_-]; mkdocs-bibtex cuts keys "
                    "at ':' and '.' and would cite the wrong key"
                )
                problems.append(Problem(path, block.line + line_offset, message))
            elif key not in known:
                message = f"unknown citation key '{key}' (not in bib/references.bib)"
                problems.append(Problem(path, block.line + line_offset, message))
    for number, key in citations.bare:
        if key in known:
            message = f"bare '@{key}' outside brackets prints literally; write [@{key}] or Author [-@{key}]"
            problems.append(Problem(path, number + line_offset, message))
    return sorted(problems, key=lambda problem: problem.line)  # stable: blocks before bare keys of a line


def cited_keys(markdown: str) -> list[str]:
    """Return the citation keys of a page in order of first use (``str`` in, ``list[str]`` out).

    A shortcut for :func:`find_citations` ``(markdown).keys``; the build reads each page once, in
    ``review_site.model.PageSource.citations``.
    """
    return find_citations(markdown).keys


def citing_sections(markdown: str) -> list[tuple[str, str, str]]:
    """Say in which section each work is cited.

    Args:
        markdown: a page's Markdown (front matter removed).

    Returns:
        ``(key, section id, section heading text)`` triples in order of first citation, one per
        key and section (:attr:`PageCitations.sections`); citations before the first H2/H3 get
        section id ``""`` and the heading text ``""`` (the top of the page). Heading text has its
        ``{ #id }``, citations and Markdown emphasis removed.
    """
    return find_citations(markdown).sections
