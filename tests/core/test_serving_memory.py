"""What ``lasuite run`` does to the garbage collector before it serves."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from lasuite.serving import GC_THRESHOLDS, freeze_what_was_built


@pytest.fixture
def collector_restored() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("collector_restored")
def test_what_was_built_before_serving_is_left_out_of_collections_which_run_less_often():
    built = [{"built": n} for n in range(1000)]
    frozen_before = gc.get_freeze_count()

    freeze_what_was_built()

    assert gc.get_freeze_count() >= frozen_before + len(built)
    collected = {id(o) for o in gc.get_objects()}  # what a collection walks (not frozen)
    assert not any(id(o) in collected for o in built)
    assert gc.get_threshold() == GC_THRESHOLDS
    assert GC_THRESHOLDS[0] > 700 * 10  # young collections far rarer than Python's default
