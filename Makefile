# Thin wrappers around uv; docs/getting-started/ explains each target.
# A fresh clone needs only python3 with pip: `sync` installs uv and the workspace.

PYTHON ?= python3
# uv uses the machine's Python and never downloads one.
export UV_PYTHON ?= $(PYTHON)
export UV_PYTHON_DOWNLOADS ?= never
# uv from PATH, or the one pip installs (always reachable as `python3 -m uv`).
UV ?= $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
NPM ?= npm

# The workspace shell (web/) is built into core/lasuite/static (git-ignored) when
# the build is missing or older than its sources; `npm ci` installs from the lock.
WEB_BUILD := core/lasuite/static/index.html
WEB_DEPS := web/node_modules/.package-lock.json
WEB_SOURCES := $(shell find web/src web/index.html web/package.json web/package-lock.json \
	web/tsconfig.json web/vite.config.ts web/.dsfr.yml -type f 2>/dev/null)
# A plugin's UI (plugins/<id>/web) is built with the shell's toolchain into the
# plugin's static/ dir (plugins/<id>/lasuite_<id>/static/<id>.js): type-checked against
# the shell's sources, then bundled by Vite.
PLUGIN_UIS := chat docs visio
PLUGIN_UI_BUILDS := $(foreach id,$(PLUGIN_UIS),plugins/$(id)/lasuite_$(id)/static/$(id).js)

# pytest-xdist workers of `make pytest`: each test file runs in one of them (so a file's
# browser tests with cameras never run two at once); tests/README.md says why two.
PYTEST_WORKERS ?= 2
# Plugins from outside the workspace that this installation runs: one pip requirement per
# line (a name and version, a wheel, a project directory). `make sync` installs them after
# syncing the workspace, whose exact sync would otherwise uninstall them.
PLUGINS ?= plugins.txt
# Installed packages are compiled to bytecode once, at sync (`make sync COMPILE=` skips it).
COMPILE ?= --compile-bytecode
# What `make test-fast` runs (e.g. TESTS=tests/plugins/chat for one plugin's tests).
TESTS ?= tests

# The Node programs of the tests and benchmarks (an unmodified Yjs client, y-websocket's
# server), each installed from its lock.
NODE_CLIENTS := tests/plugins/docs/node/node_modules/.package-lock.json \
	bench/node/node_modules/.package-lock.json

.PHONY: run test test-fast sync lint checks typecheck importlint deploylint docs pytest web e2e bench dist

run: sync web
	$(UV) run --no-sync lasuite run

# Lint first (seconds); then the tests, with the other checks (type checks, import
# layering, deploy files, the documentation build: about a minute) run one after
# another beside them, in the share of the two cores the tests leave idle.
test: lint
	@$(MAKE) --no-print-directory -j 2 checks pytest

checks: typecheck importlint deploylint docs

# Bytecode is compiled once here: a machine with PYTHONDONTWRITEBYTECODE set would
# otherwise compile every module again in each process (4.7 s to import the CLI, 1.6 s
# with bytecode), and the tests start many processes.
sync:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install uv \
		|| $(PYTHON) -m pip install --user --break-system-packages uv
	@if [ -f uv.lock ]; then $(UV) sync --frozen $(COMPILE); else $(UV) sync $(COMPILE); fi
	@if [ -f "$(PLUGINS)" ]; then $(UV) pip install --quiet $(COMPILE) \
		--python "$${UV_PROJECT_ENVIRONMENT:-.venv}" -r "$(PLUGINS)"; fi
	@$(UV) run --no-sync python -m compileall -q -j 0 core plugins bench tests >/dev/null

lint: sync
	$(UV) run --no-sync ruff check .
	$(UV) run --no-sync ruff format --check .

typecheck: sync
	$(UV) run --no-sync mypy

importlint: sync
	$(UV) run --no-sync lint-imports

# deploy/: the Dockerfile linted by hadolint, compose.yaml checked against the Compose
# specification's schema (the manifests are checked by tests/deploy).
deploylint: sync
	$(UV) run --no-sync hadolint deploy/Dockerfile
	$(UV) run --no-sync check-jsonschema --builtin-schema vendor.compose-spec deploy/compose.yaml

# The documentation site (mkdocs.yml), built from docs/ into var/site; open
# var/site/index.html. --strict: a broken link or docstring fails the build.
docs: sync
	$(UV) run --no-sync mkdocs build --strict

pytest: sync web $(NODE_CLIENTS)
	$(UV) run --no-sync pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=30

# The suites a developer runs while working: lint, then every test on the embedded
# default (SQLite, in-memory realtime and jobs), without the browser and the tests
# that start lasuite processes; services named in the environment are not used.
test-fast: sync $(NODE_CLIENTS)
	$(UV) run --no-sync ruff check .
	env -u LASUITE_TEST_DATABASE_URL -u LASUITE_TEST_REDIS_URL -u LASUITE_TEST_RABBITMQ_URL CI= \
		$(UV) run --no-sync pytest -n $(PYTEST_WORKERS) -m "not processes" \
		--ignore=tests/e2e $(TESTS)

e2e: sync web
	$(UV) run --no-sync pytest tests/e2e

# Every benchmark (bench/README.md); `make bench BENCH=http` runs one.
BENCH ?= all
bench: sync $(NODE_CLIENTS)
	$(UV) run --no-sync python -m bench $(BENCH) --write

web: $(WEB_BUILD) $(PLUGIN_UI_BUILDS)

# Wheels of the core (with the built workspace) and of each plugin, into dist/: what a
# plugin project outside this repository installs (`lasuite plugins new` writes one);
# and @lasuite/shell, the shell's types for a plugin's UI (web/shell-package), packed.
DIST ?= dist
dist: sync web
	rm -rf $(DIST)
	$(UV) build --all-packages --wheel --out-dir $(DIST)
	cd web && node_modules/.bin/tsc -p tsconfig.shell-types.json --outDir $(abspath $(DIST))/shell
	cp web/shell-package/package.json web/shell-package/README.md $(DIST)/shell/
	cd $(DIST)/shell && $(NPM) pack --silent --pack-destination .. >/dev/null
	rm -rf $(DIST)/shell

%/node_modules/.package-lock.json: %/package-lock.json
	cd $* && $(NPM) ci --no-audit --no-fund
	@touch $@

$(WEB_DEPS): web/package-lock.json
	cd web && $(NPM) ci --no-audit --no-fund
	@touch $@

$(WEB_BUILD): $(WEB_DEPS) $(WEB_SOURCES)
	cd web && $(NPM) run build

define PLUGIN_UI_RULE
plugins/$(1)/lasuite_$(1)/static/$(1).js: $$(WEB_DEPS) $$(shell find plugins/$(1)/web -type f)
	cd web && node_modules/.bin/tsc -p ../plugins/$(1)/web/tsconfig.json \
		&& node_modules/.bin/vite build --config ../plugins/$(1)/web/vite.config.ts
endef
$(foreach id,$(PLUGIN_UIS),$(eval $(call PLUGIN_UI_RULE,$(id))))
