#!/usr/bin/env bash
# The system tools `make test` drives, installed from Debian/Ubuntu packages only when missing
# (the same rule as .ci/run): Chromium for the browser and accessibility tests, Java for the Nu
# HTML Checker, npm to install the checker and citeproc-js, biber and TeX Live for the LaTeX checks. A Node.js from NodeSource already ships npm inside its
# `nodejs` package, where `apt-get install npm` would fail on a conflict: so each tool is looked
# up with `command -v` first and only the missing ones are installed.
set -euo pipefail

missing=()
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
  || [ -n "${CHROMIUM:-}" ] || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
command -v node >/dev/null || missing+=(nodejs)
# biber + pdflatex + biblatex: tests/test_exports.py compiles the published .bib under LaTeX.
command -v biber >/dev/null || missing+=(biber)
command -v pdflatex >/dev/null || missing+=(texlive-latex-base texlive-latex-recommended)
kpsewhich biblatex.sty >/dev/null 2>&1 || missing+=(texlive-bibtex-extra)

if ((${#missing[@]} == 0)); then
  echo "system tools present: chromium, java, node and npm, biber and LaTeX"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "missing: ${missing[*]}; install them with your system's package manager" >&2
  exit 1
fi
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
