"""An upload on its way to the store: typed by its first bytes, counted, hashed, limited."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator, Collection

from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.status_codes import HTTP_415_UNSUPPORTED_MEDIA_TYPE

from lasuite.problems import Problem
from lasuite.storage.content_types import SNIFF_BYTES, is_allowed, sniff_content_type


class FileTooLarge(RequestEntityTooLarge):
    """The upload went past the size limit (413); nothing of it is kept."""


class FileTypeRefused(Problem):
    """The upload's sniffed type is not among those the caller accepts (415); the
    detail names it (``content_type``) and those accepted (``accepted``)."""

    code = "core.file_type_refused"
    status = HTTP_415_UNSUPPORTED_MEDIA_TYPE
    message = "Files of this type are not accepted here."


class Upload:
    """The bytes of ``source``, as a store writes them: at most ``max_bytes`` of them.

    Call :meth:`check_type` first: it reads the first bytes only, so a refused
    type is reported before anything is stored. Then iterate it into a store;
    iteration raises :class:`FileTooLarge` past the limit. ``size`` and
    ``sha256`` are final once iteration ends.
    """

    def __init__(self, source: AsyncIterable[bytes], *, max_bytes: int) -> None:
        self._source = aiter(source)
        self._max_bytes = max_bytes
        self._head = b""
        self._hash = hashlib.sha256()
        self.size = 0
        self.content_type = ""

    async def check_type(self, allowed_types: Collection[str]) -> str:
        """Sniff the type from the first bytes; raise :class:`FileTypeRefused` if not allowed."""
        head = bytearray()
        while len(head) < SNIFF_BYTES:
            chunk = await anext(self._source, None)
            if chunk is None:
                break
            head += self._counted(chunk)
        self._head = bytes(head)
        self.content_type = sniff_content_type(self._head[:SNIFF_BYTES])
        if not is_allowed(self.content_type, allowed_types):
            accepted = ", ".join(sorted(allowed_types)) or "none"
            raise FileTypeRefused(
                f"Files of type {self.content_type} are not accepted here; send one of: "
                f"{accepted}.",
                content_type=self.content_type,
                accepted=accepted,
            )
        return self.content_type

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[bytes]:
        if not self.content_type:
            raise RuntimeError("call check_type() before storing an upload")
        if self._head:
            yield self._head
        async for chunk in self._source:
            if chunk:
                yield self._counted(chunk)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def _counted(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        if self.size > self._max_bytes:
            raise FileTooLarge(
                f"Files are limited to {self._max_bytes} bytes.",
                extra={"max_bytes": self._max_bytes},
            )
        self._hash.update(chunk)
        return chunk
