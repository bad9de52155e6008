"""The languages of the workspace, and which one a person reads."""

from __future__ import annotations

from typing import Literal, get_args

Locale = Literal["fr", "en"]
LOCALES: tuple[Locale, ...] = get_args(Locale)


def chosen_locale(value: str | None) -> Locale | None:
    """``value`` when it names a language of the workspace, else None (not chosen)."""
    return value if value in LOCALES else None


def worded(versions: dict[Locale, tuple[str, str]], locale: Locale | None) -> tuple[str, str]:
    """The subject and text of an e-mail in ``locale``; in every language (French first)
    when the person has not chosen one."""
    if locale is not None:
        return versions[locale]
    subjects, texts = zip(*(versions[code] for code in LOCALES), strict=True)
    return " / ".join(subjects), "\n---\n\n".join(texts)
