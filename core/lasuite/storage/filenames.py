"""File names as users see them: cleaned for display and for the download header.

A name never reaches the file system: stored files are keyed by ids only.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

MAX_FILENAME = 255
FALLBACK = "file"
_DIRECTORIES = re.compile(r"^.*[/\\]")
_RESERVED = re.compile(r'[<>:"|?*]')


def sanitize_filename(name: str) -> str:
    """The last path component of ``name``, without control or invisible characters.

    Example::

        >>> sanitize_filename("../../etc/passwd")
        'passwd'
        >>> sanitize_filename("C:\\\\Users\\\\me\\\\rapport\\u202efdp.exe")
        'rapportfdp.exe'
    """
    name = _DIRECTORIES.sub("", unicodedata.normalize("NFC", name))
    # Drops controls, bidi overrides, line separators, unassigned and private code points.
    name = "".join(c for c in name if unicodedata.category(c)[0] not in "CZ" or c == " ")
    name = _RESERVED.sub("_", name).strip(" .")
    if len(name) > MAX_FILENAME:
        _, dot, extension = name.rpartition(".")
        keep = f"{dot}{extension}" if dot and len(extension) <= 16 else ""
        name = name[: MAX_FILENAME - len(keep)].rstrip(" .") + keep
    return name or FALLBACK


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """``attachment`` (``inline`` with it) with an ASCII name for old clients and the exact
    one (RFC 6266)."""
    ascii_name = (
        unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode().strip(" .")
    )
    ascii_name = re.sub(r'[\\"\x00-\x1f\x7f]', "_", ascii_name) or FALLBACK
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
