"""Checking a web UI's message catalogs against each other and against the sources
that use them, without a browser: a missing translation shows as a raw key on screen,
an unused message is dead weight each translator still maintains.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

LOCALES = ("fr", "en")
"""The workspace's languages."""

ERROR_KEY = re.compile(r"^([a-z][a-z0-9]*\.)?error\.[a-z][a-z0-9_.]*$")
"""The sentence of an API error code (``chat.error.channel_name_taken`` for the code
``chat.channel_name_taken``), which the shell's ``errorText`` looks up, not the plugin."""
AUDIT_KEY = re.compile(r"^[a-z][a-z0-9]*\.audit\.[a-z][a-z0-9_.]*$")
"""The sentence of a plugin's audit action or category (``docs.audit.link.changed`` for
``docs.link.changed``), which the audit page looks up, not the plugin."""
KEY_USE = re.compile(r"""\bt\(\s*["'`]([\w.]+)(\$\{)?""")
"""``t("key")`` and ``t(`prefix.${…}`)`` calls: a key in full, or the prefix of keys built."""

Parts = dict[str, dict[str, str]]
"""One locale's catalog: each part (a file) with its messages by key."""


def check_catalogs(
    catalogs: Path,
    sources: Path,
    *,
    namespace: str | None = None,
    locales: Iterable[str] = LOCALES,
) -> None:
    """Fail with every problem of the catalogs in ``catalogs`` for the TypeScript
    sources under ``sources``: each of ``locales`` has a catalog and all have the same
    keys (file by file), no key is in two files, no message is empty, every key is under
    ``namespace.`` when given, every key the sources use with ``t(…)`` exists, and every
    key is used (an error code's sentence, ``<id>.error.<name>``, is used by the shell).

    A locale's catalog is ``<locale>.json``, or a folder ``<locale>/`` of
    ``<area>.json`` files. Example, in a plugin's tests::

        def test_the_ui_catalogs_are_complete():
            web = Path(__file__).parents[1] / "web" / "src"
            check_catalogs(web / "i18n", web, namespace="hello")
    """
    found = _read_locales(catalogs)
    problems = [
        f"no catalog for {locale} (<locale>.json or <locale>/)"
        for locale in locales
        if locale not in found
    ]
    problems += _missing_translations(found)
    for locale, parts in found.items():
        problems += _keys_in_two_parts(locale, parts)
        problems += _bad_messages(locale, parts, namespace)
    problems += _unknown_and_unused_keys(found, sources)
    if problems:
        raise AssertionError("\n".join([f"catalogs in {catalogs}:", *problems]))


def _read_locales(catalogs: Path) -> dict[str, Parts]:
    locales: dict[str, Parts] = {}
    for path in sorted(catalogs.iterdir()):
        if path.suffix == ".json":
            locales[path.stem] = {"": _read(path)}
        elif path.is_dir():
            locales[path.name] = {part.name: _read(part) for part in sorted(path.glob("*.json"))}
    return locales


def _read(path: Path) -> dict[str, str]:
    messages: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return messages


def _file(locale: str, part: str) -> str:
    return f"{locale}/{part}" if part else f"{locale}.json"


def _missing_translations(locales: dict[str, Parts]) -> list[str]:
    every: dict[str, set[str]] = defaultdict(set)
    for parts in locales.values():
        for part, messages in parts.items():
            every[part].update(messages)
    return [
        f"{_file(locale, part)} lacks {key}"
        for locale, parts in locales.items()
        for part, keys in every.items()
        for key in sorted(keys - parts.get(part, {}).keys())
    ]


def _keys_in_two_parts(locale: str, parts: Parts) -> list[str]:
    seen: dict[str, str] = {}
    twice = []
    for part, messages in parts.items():
        twice += [
            f"{locale}: {key} is in {seen[key]} and {part}" for key in messages if key in seen
        ]
        seen.update(dict.fromkeys(messages, part))
    return twice


def _bad_messages(locale: str, parts: Parts, namespace: str | None) -> list[str]:
    problems = []
    for part, messages in parts.items():
        for key, text in messages.items():
            if namespace is not None and not key.startswith(f"{namespace}."):
                problems.append(f"{_file(locale, part)}: {key} is not under {namespace}.")
            if not text.strip():
                problems.append(f"{_file(locale, part)}: {key} is empty")
    return problems


def _unknown_and_unused_keys(locales: dict[str, Parts], sources: Path) -> list[str]:
    keys, prefixes = _used_keys(sources)
    if not keys:
        return [f"no t(...) call in the sources under {sources}: have they moved?"]
    known = {key for parts in locales.values() for messages in parts.values() for key in messages}
    problems = [
        f"{key} is used in the sources but is in no catalog" for key in sorted(keys - known)
    ]
    problems += [
        f"the sources build keys from {prefix} but no key starts with it"
        for prefix in sorted(prefixes)
        if not any(key.startswith(prefix) for key in known)
    ]
    problems += [
        f"{key} is never used in the sources"
        for key in sorted(known)
        if key not in keys
        and not key.startswith(tuple(prefixes))
        and not ERROR_KEY.match(key)
        and not AUDIT_KEY.match(key)
    ]
    return problems


def _used_keys(sources: Path) -> tuple[set[str], set[str]]:
    """Keys the sources name in full, and prefixes of keys they build."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    for source in sorted(sources.rglob("*.ts")):
        for key, built in KEY_USE.findall(source.read_text(encoding="utf-8")):
            (prefixes if built else keys).add(key)
    return keys, prefixes


def error_key(code: str) -> str:
    """The catalog key of an error code's sentence, as the shell's ``errorKey`` makes it:
    ``error.<code>``, or ``<namespace>.error.<name>``."""
    namespace, dot, name = code.partition(".")
    return f"{namespace}.error.{name}" if dot else f"error.{code}"


def check_error_sentences(
    catalogs: Path, codes: Mapping[str, str | None], *, locales: Iterable[str] = LOCALES
) -> None:
    """Fail unless each locale's catalog words every error code of ``codes`` (code → its
    English message, or None), in French otherwise than the English message, and words
    no code outside ``codes`` in their namespaces. Example, in a plugin's tests::

        def test_every_error_is_worded():
            codes = {p.code: p.message for p in PROBLEMS}
            check_error_sentences(Path(__file__).parents[1] / "web/src/i18n", codes)
    """
    found = _read_locales(catalogs)
    keys = {error_key(code): code for code in codes}
    namespaces = {key.split(".error.", 1)[0] for key in keys if ".error." in key}
    problems = []
    for locale in locales:
        messages = {k: v for part in found.get(locale, {}).values() for k, v in part.items()}
        problems += [
            f"{locale}: no sentence for {code} ({key})"
            for key, code in sorted(keys.items())
            if key not in messages
        ]
        if locale == "fr":
            problems += [
                f"fr: {key} is the English message"
                for key, code in sorted(keys.items())
                if codes[code] and messages.get(key) == codes[code]
            ]
        problems += [
            f"{locale}: {key} words no error code"
            for key in sorted(messages)
            if ERROR_KEY.match(key) and key.split(".error.", 1)[0] in namespaces and key not in keys
        ]
    if problems:
        raise AssertionError("\n".join([f"error sentences in {catalogs}:", *problems]))
