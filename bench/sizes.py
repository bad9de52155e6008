"""How big a benchmark run is: ``full`` for the README's tables, ``tiny`` for the smoke test."""

from __future__ import annotations

from typing import Literal

Size = Literal["tiny", "full"]
