"""The colour that stands for a person: their initials' badge, their caret in a shared
page, their tile in a meeting. Chosen on "Mon compte" among the palette, else derived
from their id, so that it is the same in every module and for everyone."""

from __future__ import annotations

import hashlib
import uuid

PALETTE: tuple[str, ...] = (
    "#000091",  # bleu France
    "#18753c",  # vert
    "#b34000",  # orange
    "#a94645",  # rouge brique
    "#3558a2",  # bleu
    "#6e445a",  # prune
    "#8d533e",  # brun
    "#006a6f",  # canard
)
"""Dark enough for white text on them (WCAG AA)."""


def colour_of(person: uuid.UUID | str, chosen: str | None = None) -> str:
    """The colour of ``person`` (a user's id, or a guest's identity): the one they chose
    when it is in the palette, else one derived from ``person``."""
    if chosen in PALETTE:
        return chosen
    digest = hashlib.sha256(str(person).encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]
