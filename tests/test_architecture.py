"""The design the README's "Architecture" describes, checked on the source: ``review_site`` imports no
MkDocs module (so another tool can drive it), and only ``bibtex_adapter`` imports mkdocs-bibtex."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "review_site"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_review_site_imports_no_mkdocs_module():
    found = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in PACKAGE.rglob("*.py")
        for name in _imports(path)
        if name == "mkdocs" or name.startswith("mkdocs.") or name.startswith("material")
    }
    assert not found


def test_only_the_adapter_imports_mkdocs_bibtex():
    users = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if any(name.split(".")[0] == "mkdocs_bibtex" for name in _imports(path))
    }
    assert users == {"bibtex_adapter.py"}
