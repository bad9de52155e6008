# Thin wrappers around uv; the README explains each target.
# A fresh clone needs only python3 with pip: `sync` installs uv and the workspace.

PYTHON ?= python3
# uv uses the machine's Python and never downloads one.
export UV_PYTHON ?= $(PYTHON)
export UV_PYTHON_DOWNLOADS ?= never
# uv from PATH, or the one pip installs (always reachable as `python3 -m uv`).
UV ?= $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")

.PHONY: run test sync lint typecheck importlint pytest

run: sync
	$(UV) run --no-sync lasuite run

test: lint typecheck importlint pytest

sync:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install uv \
		|| $(PYTHON) -m pip install --user --break-system-packages uv
	@if [ -f uv.lock ]; then $(UV) sync --frozen; else $(UV) sync; fi

lint: sync
	$(UV) run --no-sync ruff check .
	$(UV) run --no-sync ruff format --check .

typecheck: sync
	$(UV) run --no-sync mypy

importlint: sync
	$(UV) run --no-sync lint-imports

pytest: sync
	$(UV) run --no-sync pytest
