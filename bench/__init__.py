"""Benchmarks of lasuite on a real app instance, printing Markdown tables.

Run one with ``uv run --no-sync python -m bench <name>`` (see ``bench/README.md``).
They are not tests: pytest never collects them (its ``testpaths`` is ``tests``);
``tests/bench`` runs each one at a tiny size to keep the harness working.
"""
