"""The chat UI's messages (``plugins/chat/web/src/i18n``): both languages have the same
keys, every key the sources use is there, and every key is used (no browser needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[3] / "plugins" / "chat" / "web" / "src"
# t("key") and t(`prefix.${…}`) calls in the sources.
KEY_USE = re.compile(r"""\bt\(\s*["'`]([\w.]+)(\$\{)?""")


def catalog(code: str) -> dict[str, str]:
    messages: dict[str, str] = json.loads((WEB / "i18n" / f"{code}.json").read_text("utf-8"))
    return messages


def used_keys() -> tuple[set[str], set[str]]:
    """Keys the sources name in full, and prefixes of keys they build."""
    keys, prefixes = set(), set()
    for source in WEB.rglob("*.ts"):
        for key, dynamic in KEY_USE.findall(source.read_text("utf-8")):
            (prefixes if dynamic else keys).add(key)
    return keys, prefixes


def test_both_languages_have_the_same_keys() -> None:
    assert sorted(catalog("fr")) == sorted(catalog("en"))


@pytest.mark.parametrize("code", ["fr", "en"])
def test_every_key_is_namespaced_and_says_something(code: str) -> None:
    messages = catalog(code)

    assert [key for key in messages if not key.startswith("chat.")] == []
    assert [key for key, text in messages.items() if not text.strip()] == []


def test_every_key_the_sources_use_is_in_the_catalog() -> None:
    keys, prefixes = used_keys()
    french = catalog("fr")

    assert keys, "no t(...) call found: has the UI moved?"
    assert sorted(keys - set(french)) == []
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in french), prefix


def test_every_message_is_used() -> None:
    keys, prefixes = used_keys()

    unused = [k for k in catalog("fr") if k not in keys and not k.startswith(tuple(prefixes))]

    assert unused == []
