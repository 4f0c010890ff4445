# Two commands set everything up on a fresh machine with Python >= 3.10:
#   make serve   create .venv, install the pinned packages, serve on http://127.0.0.1:8000
#   make test    the same set-up, then lint, the strict build and the test suite
#   make test-fast   the unit tests only (no site build, no browser), in seconds
#   make lint    ruff check and ruff format --check (settings in pyproject.toml)
#   make deps    the system tools of `make test` (Chromium, Java, npm), only those missing
PYTHON ?= python3
PORT ?= 8000
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
VNU    := node_modules/vnu-jar/build/dist/vnu.jar
SHIM   := node_modules/iframe-worker/shim/index.js
OFFLINE_ZIP ?= industrial-clusters-review-offline.zip
# Material 9.8 and mkdocs-redirects print "MkDocs 2.0" banners at every build; they are not warnings.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build test deploy clean links-lock browser citation-cff offline bench interop lint test-fast deps pdf

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.10 is required, found " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@# Refuse a pre-release or 2.x MkDocs (README, Maintenance): 2.0 runs no plugins and no hooks.
	$(BIN)/python -m review_site toolchain
	@touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

# Build into a temporary folder and move it into place only when the strict build succeeded,
# so a failed build never leaves a half-written site/ behind. Never add -q: it hides the
# warnings that --strict counts. Then Chromium prints the whole review (/print/) to
# site/industrial-clusters-review.pdf, linked from every page (review_site.pdf; about 10 s).
# It runs after the build, not in it: `make serve` and `mkdocs build` need no browser.
build: $(STAMP) browser
	@rm -rf site.tmp
	@$(BIN)/mkdocs build --strict --site-dir site.tmp || { rm -rf site.tmp; exit 1; }
	@$(BIN)/python -m review_site pdf site.tmp || { rm -rf site.tmp; exit 1; }
	@rm -rf site && mv site.tmp site
	@echo "Site written to site/"

test: $(STAMP) lint browser $(VNU) $(SHIM)
	$(BIN)/python -m pytest

# Interoperability with Zotero (tests/interop, not part of `make test`; .ci/run runs it after):
# what Zotero's translation-server makes of the exports and pages. One server for the session
# (-n 0): ZOTERO_URL=http://host:port uses a running one, else shared/zotero/start is started
# beside the repository on a free port (see README, "Interoperability tests").
interop: $(STAMP)
	$(BIN)/python -m pytest -n 0 tests/interop

# The unit tests alone (marked `unit` in tests/conftest.py: no site build, no browser, no make).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 0 -q -m unit

# Lint and formatting (ruff, pinned in pyproject.toml's test extra); `make test` runs it first.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Chromium, Java and npm from Debian/Ubuntu packages, each only when missing (as .ci/run does):
# a NodeSource Node.js already has npm, and `apt-get install npm` would fail there.
deps:
	@scripts/system-deps.sh

# The whole site as a zip for reading without internet: unzip it and open
# industrial-clusters-review/index.html; search works from file:// (Material's offline plugin).
# Built strictly in a temporary folder, so a failed build leaves no zip behind.
offline: $(STAMP) $(SHIM) browser
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	REVIEW_SITE_PUBLISH=1 OFFLINE=true $(BIN)/mkdocs build --strict --site-dir "$$tmp/industrial-clusters-review" && \
	$(BIN)/python -m review_site pdf "$$tmp/industrial-clusters-review" && \
	rm -f "$(OFFLINE_ZIP)" && \
	$(BIN)/python -c 'import shutil, sys; shutil.make_archive(*sys.argv[1:], "industrial-clusters-review")' \
	  "$(basename $(OFFLINE_ZIP))" zip "$$tmp" && \
	echo "Offline copy written to $(OFFLINE_ZIP)"

# The Nu HTML Checker for tests/test_html_validity.py (runs on Java), pinned in package-lock.json.
$(VNU): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the Nu HTML Checker (Debian: apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(VNU)

# The WebWorker shim that lets search run from file:// in the offline copy (npm iframe-worker);
# the `npm ci` above installs it with the checker.
$(SHIM): $(VNU)
	@test -f $@ || { echo "$@ is missing: run npm ci"; exit 1; }
	@touch $@

# A Chromium for the browser tests: the system's (Debian: apt-get install chromium) if there is
# one, else Playwright's download (needs internet). Fails with instructions if neither works.
browser: $(STAMP)
	@$(BIN)/python -m review_site browser

# Add the addresses of a fresh build (pages, anchors, files) to links.lock; never removes one.
# Commit the result: every locked address must keep working in later builds.
links-lock: build
	$(BIN)/python -m review_site links-lock site links.lock

# Performance benchmark, not part of `make test`: writes bench/summary.md and bench/results.json
# and prints PASS/FAIL against the budgets. Installs the pinned Lighthouse into
# scripts/bench/node_modules on first use. `make bench QUICK=1` is a fast check.
bench: $(STAMP) browser
	$(BIN)/python scripts/bench.py $(if $(QUICK),--quick)

# CITATION.cff from extra.citation in mkdocs.yml (set SITE_URL to include the public address).
citation-cff: $(STAMP)
	$(BIN)/python -m review_site citation-cff mkdocs.yml > CITATION.cff

# Print the PDF of the review again into an existing site/ (`make build` already does).
pdf: $(STAMP) browser
	$(BIN)/python -m review_site pdf site

# Publish to GitHub Pages (the gh-pages branch). Set SITE_URL to the public address first: the
# build refuses the local preview address (REVIEW_SITE_PUBLISH, scripts/hooks.py), as `make offline`
# does. `make build` (strict build and PDF), then ghp-import (MkDocs' own gh-deploy tool) pushes site/.
deploy: $(STAMP)
	REVIEW_SITE_PUBLISH=1 $(MAKE) build
	$(BIN)/ghp-import --no-jekyll --push --force --message "Deploy the review (make deploy)" site

clean:
	rm -rf site site.tmp .pytest_cache node_modules $(OFFLINE_ZIP)
