"""The test kit's check of a web UI's message catalogs: each problem it must report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lasuite.testing import check_catalogs

SOURCE = 'html`${t("hello.title")} ${t(`hello.state.${state}`)}`;\n'
MESSAGES = {"hello.title": "Bonjour", "hello.state.on": "Allumé"}


def write(folder: Path, files: dict[str, object]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    return folder


def ui(tmp_path: Path, **catalogs: object) -> Path:
    """A UI's sources (``ui.ts`` using ``SOURCE``) with ``catalogs`` under ``i18n/``."""
    return write(tmp_path, {"ui.ts": SOURCE, **{f"i18n/{k}": v for k, v in catalogs.items()}})


def problems(web: Path, namespace: str | None = None) -> list[str]:
    """What ``check_catalogs`` reports, one problem a line."""
    with pytest.raises(AssertionError) as failed:
        check_catalogs(web / "i18n", web, namespace=namespace)
    return str(failed.value).splitlines()[1:]


def test_complete_catalogs_pass_in_either_layout(tmp_path: Path) -> None:
    flat = ui(tmp_path / "flat", **{"fr.json": MESSAGES, "en.json": MESSAGES})
    split = ui(tmp_path / "split", **{"fr/a.json": MESSAGES, "en/a.json": MESSAGES})

    check_catalogs(flat / "i18n", flat, namespace="hello")
    check_catalogs(split / "i18n", split, namespace="hello")


def test_a_missing_locale_or_translation_is_reported(tmp_path: Path) -> None:
    web = ui(tmp_path, **{"fr.json": MESSAGES, "de.json": {"hello.title": "Hallo"}})

    assert problems(web) == [
        "no catalog for en (<locale>.json or <locale>/)",
        "de.json lacks hello.state.on",
    ]


def test_a_key_in_two_areas_and_an_area_missing_in_a_locale_are_reported(
    tmp_path: Path,
) -> None:
    web = ui(
        tmp_path,
        **{
            "fr/a.json": {"hello.title": "Bonjour"},
            "fr/b.json": {"hello.title": "Bonjour", "hello.state.on": "Allumé"},
            "en/a.json": {"hello.title": "Hello"},
        },
    )

    assert problems(web) == [
        "en/b.json lacks hello.state.on",
        "en/b.json lacks hello.title",
        "fr: hello.title is in a.json and b.json",
    ]


def test_an_empty_message_and_a_key_outside_the_namespace_are_reported(
    tmp_path: Path,
) -> None:
    bad = {**MESSAGES, "hello.title": " ", "title": "Bonjour"}
    web = write(ui(tmp_path, **{"fr.json": bad, "en.json": bad}), {"more.ts": 't("title");\n'})

    assert problems(web, namespace="hello") == [
        "en.json: hello.title is empty",
        "en.json: title is not under hello.",
        "fr.json: hello.title is empty",
        "fr.json: title is not under hello.",
    ]


def test_unknown_built_and_unused_keys_are_reported(tmp_path: Path) -> None:
    messages = {"hello.title": "Bonjour", "hello.old": "Ancien"}
    web = write(
        ui(tmp_path, **{"fr.json": messages, "en.json": messages}),
        {"more.ts": 't("hello.new");\n'},
    )

    assert problems(web) == [
        "hello.new is used in the sources but is in no catalog",
        "the sources build keys from hello.state. but no key starts with it",
        "hello.old is never used in the sources",
    ]


def test_sources_without_any_t_call_are_reported(tmp_path: Path) -> None:
    web = write(tmp_path, {"ui.ts": "export {};\n", "i18n/fr.json": {}, "i18n/en.json": {}})

    assert problems(web) == [
        f"no t(...) call in the sources under {web}: have they moved?",
    ]


def test_the_failure_names_the_catalogs(tmp_path: Path) -> None:
    web = ui(tmp_path, **{"fr.json": MESSAGES})

    with pytest.raises(AssertionError, match=re.escape(f"catalogs in {web / 'i18n'}:")):
        check_catalogs(web / "i18n", web)
