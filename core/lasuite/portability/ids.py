"""New ids for the restored rows, the same wherever an old id appears.

Each row gets a new id, derived from its old one and a key drawn for the restore, so
that every reference to a row (a column, a link in a message's text, a file id in a
document's Yjs state, a storage key) is renumbered alike without a table of them all.
People keep the id of the account their e-mail address has on the installation.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_BYTES = re.compile(_TEXT.pattern.encode())


class Renumbering:
    def __init__(self, known: set[uuid.UUID], fixed: Mapping[uuid.UUID, uuid.UUID]) -> None:
        """``known``: the ids of the archive's rows and people, the only ids rewritten
        inside texts; ``fixed``: ids that are not derived (people, the organization)."""
        self._known = known
        self._fixed = fixed
        self._key = uuid.uuid4()

    def id(self, old: uuid.UUID) -> uuid.UUID:
        return self._fixed.get(old) or uuid.uuid5(self._key, old.hex)

    def text(self, value: str) -> str:
        if len(value) < 36:
            return value
        return _TEXT.sub(lambda found: self._renamed(found[0]), value)

    def data(self, value: bytes) -> bytes:
        # An id is 36 ASCII bytes before and after: whatever encodes lengths around it
        # (a Yjs update's strings) stays valid.
        if len(value) < 36:
            return value
        return _BYTES.sub(lambda found: self._renamed(found[0].decode()).encode(), value)

    def json(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.json(item) for item in value]
        if isinstance(value, dict):
            return {self.text(key): self.json(item) for key, item in value.items()}
        return value

    def _renamed(self, text: str) -> str:
        old = uuid.UUID(text)
        return str(self.id(old)) if old in self._known else text
