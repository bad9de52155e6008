"""Every string of the shell is in both message catalogs (no browser needed).

The shell's catalogs are split by area: ``web/src/i18n/<locale>/<area>.json``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
CATALOGS = {code: WEB / "src" / "i18n" / code for code in ("fr", "en")}
# t("key") and t(`prefix.${…}`) calls in the shell's sources.
KEY_USE = re.compile(r"""\bt\(\s*["'`]([\w.]+)(\$\{)?""")


def parts(code: str) -> dict[str, dict[str, str]]:
    return {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(CATALOGS[code].glob("*.json"))
    }


def catalog(code: str) -> dict[str, str]:
    return {key: text for part in parts(code).values() for key, text in part.items()}


def used_keys() -> tuple[set[str], set[str]]:
    """Keys the sources name in full, and prefixes of keys they build."""
    keys, prefixes = set(), set()
    for source in (WEB / "src").rglob("*.ts"):
        for key, dynamic in KEY_USE.findall(source.read_text(encoding="utf-8")):
            (prefixes if dynamic else keys).add(key)
    return keys, prefixes


def test_both_catalogs_have_the_same_keys() -> None:
    french, english = parts("fr"), parts("en")

    assert sorted(french) == sorted(english)
    assert {name: sorted(part) for name, part in french.items()} == {
        name: sorted(part) for name, part in english.items()
    }


@pytest.mark.parametrize("code", sorted(CATALOGS))
def test_no_key_is_in_two_parts(code: str) -> None:
    seen: dict[str, str] = {}
    twice = []
    for name, part in parts(code).items():
        twice += [f"{key} ({seen[key]}, {name})" for key in part if key in seen]
        seen.update(dict.fromkeys(part, name))

    assert twice == []


@pytest.mark.parametrize("code", sorted(CATALOGS))
def test_no_message_is_empty(code: str) -> None:
    assert [key for key, text in catalog(code).items() if not text.strip()] == []


def test_every_key_the_shell_uses_is_in_the_catalogs() -> None:
    keys, prefixes = used_keys()
    french = catalog("fr")

    assert keys, "no t(...) call found: has the shell moved?"
    assert sorted(keys - set(french)) == []
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in french), prefix


def test_every_message_is_used() -> None:
    keys, prefixes = used_keys()

    unused = [k for k in catalog("fr") if k not in keys and not k.startswith(tuple(prefixes))]

    assert unused == []
