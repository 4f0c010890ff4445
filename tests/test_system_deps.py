"""`make deps` (scripts/system-deps.sh) installs only the system tools that are missing.

Runs the script with a PATH of stand-in commands: a fake ``apt-get`` records what it was asked
to install. The case that matters: Node.js from NodeSource ships npm inside its ``nodejs``
package, and ``apt-get install npm`` fails there, so npm must not be asked for when present.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

# Fast despite the subprocess (a few ms), so in `make test-fast`.
pytestmark = pytest.mark.unit

SCRIPT = ROOT / "scripts" / "system-deps.sh"


def run(tmp_path: Path, present: list[str]) -> tuple[subprocess.CompletedProcess, list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-calls"
    stand_ins = {name: "#!/bin/sh\nexit 0\n" for name in present}
    stand_ins["id"] = "#!/bin/sh\necho 0\n"  # root: no sudo
    stand_ins["apt-get"] = f'#!/bin/sh\necho "$*" >> "{calls}"\n'
    for name, text in stand_ins.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    result = subprocess.run(["/bin/bash", str(SCRIPT)], env={"PATH": str(bin_dir)}, capture_output=True, text=True)
    return result, calls.read_text().splitlines() if calls.exists() else []


#: The LaTeX and Node.js tools the export tests need, present in most cases below.
LATEX_AND_NODE = ["node", "biber", "pdflatex", "kpsewhich"]


def test_nothing_is_installed_when_every_tool_is_there(tmp_path):
    result, apt = run(tmp_path, ["chromium", "java", "npm", *LATEX_AND_NODE])
    assert result.returncode == 0, result.stderr
    assert apt == []


@pytest.mark.parametrize(
    "present, wanted",
    [
        (["chromium", "java", *LATEX_AND_NODE], "npm"),
        (["chromium", "npm", *LATEX_AND_NODE], "default-jre-headless"),  # NodeSource: npm is there, so no npm package
        (["chromium-browser", "java", "npm", *LATEX_AND_NODE], None),
        (
            ["chromium", "java", "npm", "node"],
            "biber texlive-latex-base texlive-latex-recommended texlive-bibtex-extra",
        ),
        (
            [],
            "chromium default-jre-headless npm nodejs biber texlive-latex-base texlive-latex-recommended "
            "texlive-bibtex-extra",
        ),
    ],
)
def test_only_missing_tools_are_installed(tmp_path, present, wanted):
    result, apt = run(tmp_path, present)
    assert result.returncode == 0, result.stderr
    installs = [call for call in apt if call.startswith("install")]
    if wanted is None:
        assert installs == []
    else:
        assert len(installs) == 1 and installs[0].endswith(f"--no-install-recommends {wanted}"), apt
