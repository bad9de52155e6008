"""Every error code the API answers with has its sentence in French and English: the
core's in the shell's catalogs, each plugin's in its own (what ``errorText`` shows);
each plugin gives its name, description, permissions and settings in French too."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lasuite.errors import CORE_CODES
from lasuite.testing import check_error_sentences, check_plugin_texts

ROOT = Path(__file__).resolve().parents[2]


def test_the_shell_words_every_code_of_the_core() -> None:
    check_error_sentences(ROOT / "web" / "src" / "i18n", dict.fromkeys(CORE_CODES))


@pytest.mark.parametrize("plugin_id", ["chat", "docs", "visio"])
def test_a_plugin_words_every_code_it_declares(plugin_id: str, lasuite_registry) -> None:
    record = lasuite_registry.get(plugin_id)
    assert record is not None
    assert record.contributions.problems
    codes = {problem.code: problem.message for problem in record.contributions.problems}

    check_error_sentences(ROOT / "plugins" / plugin_id / "web" / "src" / "i18n", codes)


def test_a_code_without_its_sentence_or_left_in_english_is_reported(tmp_path: Path) -> None:
    for locale, messages in {
        "fr": '{"hello.error.gone_away": "Gone away.", "hello.error.stale": "Vieux."}',
        "en": '{"hello.error.gone_away": "Gone away."}',
    }.items():
        (tmp_path / f"{locale}.json").write_text(messages)
    codes = {"hello.gone_away": "Gone away.", "hello.missing": None}

    with pytest.raises(AssertionError) as failed:
        check_error_sentences(tmp_path, codes)

    assert str(failed.value).splitlines()[1:] == [
        "fr: no sentence for hello.missing (hello.error.missing)",
        "fr: hello.error.gone_away is the English message",
        "fr: hello.error.stale words no error code",
        "en: no sentence for hello.missing (hello.error.missing)",
    ]


@pytest.mark.parametrize("plugin_id", ["chat", "docs", "visio"])
def test_a_plugin_gives_its_name_permissions_and_settings_in_french(
    plugin_id: str, lasuite_registry
) -> None:
    record = lasuite_registry.get(plugin_id)
    assert record is not None

    check_plugin_texts(record)


def test_a_plugin_text_left_in_english_or_missing_is_reported(lasuite_registry) -> None:
    chat = lasuite_registry.get("chat")
    assert chat is not None
    assert chat.plugin is not None
    english = dataclasses.replace(
        chat.plugin, names={}, descriptions={"fr": chat.plugin.description}
    )

    with pytest.raises(AssertionError) as failed:
        check_plugin_texts(dataclasses.replace(chat, plugin=english))

    assert "fr: no name (Plugin.names)" in str(failed.value)
    assert "fr: the description of the plugin (Plugin.descriptions) is the English one" in str(
        failed.value
    )
