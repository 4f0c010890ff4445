"""When each page was first published and last revised, from git history.

A shallow clone (``git clone --depth 1``, common in CI) knows only the newest commit, so
every page would seem to date from it; then no date is given rather than a wrong one.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timezone
from pathlib import Path


def git_revision(repo: Path) -> str | None:
    """Return the commit the work tree is at, for caching :func:`git_dates` (one git process).

    Args:
        repo: a folder inside the git work tree.

    Returns:
        ``"<shallow flag> <HEAD sha>"`` (``str``), e.g. ``"false 3f2a…"``; ``None`` when ``repo``
        is not a git work tree or git is missing. Dates depend only on commits, so equal
        revisions give equal dates.
    """
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--is-shallow-repository", "HEAD"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return " ".join(result.stdout.split()) if result.returncode == 0 else None


def git_dates(repo: Path, paths: list[str]) -> dict[str, tuple[date, date]]:
    """Return ``{path: (first commit date, last commit date)}`` for files under git.

    Args:
        repo: a folder inside the git work tree (the project root).
        paths: file paths relative to ``repo`` (e.g. ``"docs/growth.md"``).

    Returns:
        Dates (``datetime.date``, committer dates in UTC) of the first and the last commit that
        touched each path, following renames. Paths with no commit are left out. Empty when
        ``repo`` is not a git work tree, git is missing, or the clone is shallow.
    """

    def git(*args: str) -> str | None:
        try:
            result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return result.stdout if result.returncode == 0 else None

    if (git("rev-parse", "--is-shallow-repository") or "").strip() != "false":
        return {}
    dates = {}
    for path in paths:
        log = git("log", "--follow", "--format=%cI", "--", path)
        stamps = [datetime.fromisoformat(line.strip()) for line in (log or "").splitlines() if line.strip()]
        if stamps:
            utc = [stamp.astimezone(timezone.utc).date() for stamp in stamps]
            dates[path] = (min(utc), max(utc))
    return dates


def format_day(day: date) -> str:
    """``date(2026, 11, 3)`` → ``"3 November 2026"`` (``str``, English month names)."""
    return f"{day.day} {day.strftime('%B')} {day.year}"
