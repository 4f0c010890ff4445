"""Build-time helpers for the industrial-clusters review site.

Pure functions, called from the thin MkDocs hook file ``scripts/hooks.py`` and unit-tested
in ``tests/``. Each module follows one concern:

- :mod:`review_site.bibliography` — lint the BibTeX file (syntax, keys, required fields).
- :mod:`review_site.markdown_checks` — citation keys, heading ids and front matter of a page.
- :mod:`review_site.captions` — numbered, linkable table and figure captions.
- :mod:`review_site.references` — the full, sorted bibliography rendered by pandoc with a CSL style.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One defect in an input file, reported as ``path:line: message``.

    Attributes:
        path: the file, relative to the project root (e.g. ``docs/growth.md``).
        line: 1-based line number in that file; 0 when the defect has no single line.
        message: what is wrong and how to fix it.
    """

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class ProblemsError(Exception):
    """Bad input: one or more :class:`Problem`, reported together (one ``path:line: message`` per line).

    The MkDocs adapter (``scripts/hooks.py``) turns it into MkDocs' ``PluginError``; the command-line
    tools print it and exit with status 1.
    """

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def fail(problems) -> None:
    """Raise :class:`ProblemsError` when ``problems`` (an iterable of :class:`Problem` or ``str``) is not empty."""
    problems = list(problems)
    if problems:
        raise ProblemsError(problems)
