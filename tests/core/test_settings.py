"""Settings come from LASUITE_* variables, with embedded defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from lasuite.settings import Settings


def test_embedded_default_is_a_sqlite_file_under_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LASUITE_DATABASE_URL", raising=False)
    monkeypatch.setenv("LASUITE_VAR_DIR", "/srv/lasuite")

    settings = Settings()

    assert settings.database == "sqlite+aiosqlite:////srv/lasuite/lasuite.db"
    assert settings.environment == "embedded"
    assert settings.should_migrate_on_start
    assert settings.should_create_demo


def test_postgres_means_production_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LASUITE_DATABASE_URL", "postgresql+asyncpg://db/lasuite")

    settings = Settings()

    assert settings.environment == "production"
    assert not settings.should_migrate_on_start
    assert not settings.should_create_demo


def test_disabled_plugins_is_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LASUITE_DISABLED_PLUGINS", "visio, docs,")

    assert Settings().disabled_plugins == {"visio", "docs"}


def test_a_bad_value_is_refused_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LASUITE_PORT", "eighty")

    with pytest.raises(ValueError, match="port"):
        Settings()


def test_the_session_secret_is_generated_once_and_kept(tmp_path: Path) -> None:
    settings = Settings(var_dir=tmp_path)

    first = settings.session_secret()

    assert first == Settings(var_dir=tmp_path).session_secret()
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
