"""The core's checks: settings fit for production, the database and its schema, Redis, the
jobs broker, file storage, SMTP and the OpenID Connect provider."""

from __future__ import annotations

import asyncio
import tempfile
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import text

from lasuite.checks.contract import Check, CheckFailed
from lasuite.db.engine import Database
from lasuite.db.migrations import SchemaState, alembic_config, applied_revisions
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings


def shown(url: str) -> str:
    """``url`` without its password, to print."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def core_checks(settings: Settings, registry: Registry) -> list[tuple[str, Check]]:
    """The core's checks of ``settings``, in the order they are best read."""
    checks: list[tuple[str, Check]] = []
    if settings.environment == "production":
        checks += [
            ("secret key", lambda: _secret_key(settings)),
            ("public URL", lambda: _public_url(settings)),
            ("debug", lambda: _debug(settings)),
        ]
    checks += [
        ("database", lambda: _database(settings, registry)),
        ("plugins", lambda: _plugins(registry)),
        ("files", lambda: _files(settings)),
    ]
    if settings.redis_url:
        checks.append(("redis", lambda: _redis(settings.redis_url, "LASUITE_REDIS_URL")))
    if settings.broker_url:
        checks.append(("jobs broker", lambda: _broker(settings.broker_url)))
    if settings.smtp_url:
        checks.append(("smtp", lambda: _smtp(settings.smtp_url)))
    if settings.oidc_issuer or settings.oidc_client_id:
        checks.append(("oidc", lambda: _oidc(settings)))
    return checks


async def _secret_key(settings: Settings) -> str:
    if not settings.secret_key:
        raise CheckFailed(
            "LASUITE_SECRET_KEY is empty: each instance would sign sessions with a key of its own",
            fix="set LASUITE_SECRET_KEY to the same long random value on every instance "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')",
        )
    if len(settings.secret_key) < 32:
        raise CheckFailed(
            f"LASUITE_SECRET_KEY has {len(settings.secret_key)} characters",
            fix="use at least 32 random characters",
        )
    return "set"


async def _public_url(settings: Settings) -> str:
    if not settings.public_url.startswith("https://"):
        raise CheckFailed(
            f"LASUITE_PUBLIC_URL is {repr(settings.public_url) if settings.public_url else 'empty'}"
            ": sessions and links need the https address users reach",
            fix="set LASUITE_PUBLIC_URL to https://… behind your TLS reverse proxy",
        )
    return settings.public_url


async def _debug(settings: Settings) -> str:
    if settings.debug:
        raise CheckFailed(
            "LASUITE_DEBUG is on: error answers would show tracebacks",
            fix="unset LASUITE_DEBUG in production",
        )
    return "off"


async def _database(settings: Settings, registry: Registry) -> str:
    database = Database(settings.database)
    try:
        async with database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            applied = await applied_revisions(connection)
    except Exception as exc:
        raise CheckFailed(
            f"{shown(settings.database)} does not answer: {type(exc).__name__}: {exc}",
            fix="start the database, or correct LASUITE_DATABASE_URL",
        ) from exc
    finally:
        await database.dispose()
    pending = SchemaState(alembic_config(settings.database, registry)).pending_heads(applied)
    if pending:
        raise CheckFailed(
            f"{shown(settings.database)}: migrations pending ({', '.join(sorted(pending))})",
            fix="run `lasuite db upgrade`",
        )
    return f"{shown(settings.database)}, schema up to date"


async def _plugins(registry: Registry) -> str:
    if registry.broken:
        raise CheckFailed(
            "; ".join(r.reason for r in registry.broken),
            fix="install a version of the plugin that fits this core, or "
            "`lasuite plugins disable <id>`",
        )
    return ", ".join(sorted(registry.loaded_ids)) or "none"


async def _files(settings: Settings) -> str:
    if settings.storage_url:
        return await _bucket(settings)
    folder = settings.var_dir / "files"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".lasuite-check-"):
            pass
    except OSError as exc:
        raise CheckFailed(
            f"{folder} is not writable: {exc.strerror or exc}",
            fix="give the lasuite user write access to LASUITE_VAR_DIR, or set "
            "LASUITE_STORAGE_URL to an S3 bucket",
        ) from exc
    return f"{folder} (local disk)"


async def _bucket(settings: Settings) -> str:
    from lasuite.storage.s3 import S3FileStore
    from lasuite.storage.store import open_store

    store = open_store(settings)
    assert isinstance(store, S3FileStore)
    try:
        await store.check_bucket()
    except Exception as exc:
        raise CheckFailed(
            f"{settings.storage_url} at {settings.s3_endpoint_url or 'AWS'}: "
            f"{type(exc).__name__}: {exc}",
            fix="create the bucket, or correct LASUITE_STORAGE_URL, LASUITE_S3_ENDPOINT_URL "
            "and the S3 keys",
        ) from exc
    finally:
        await store.close()
    return settings.storage_url


async def _redis(url: str, setting: str) -> str:
    from redis.asyncio import Redis

    client = Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    try:
        await client.ping()
    except Exception as exc:
        raise CheckFailed(
            f"{shown(url)} does not answer: {type(exc).__name__}: {exc}",
            fix=f"start Redis, or correct {setting}",
        ) from exc
    finally:
        await client.aclose()
    return shown(url)


async def _broker(url: str) -> str:
    if url.startswith(("redis://", "rediss://")):
        return await _redis(url, "LASUITE_BROKER_URL")
    if not url.startswith(("amqp://", "amqps://")):
        raise CheckFailed(
            f"LASUITE_BROKER_URL {shown(url)!r} is neither redis:// nor amqp://",
            fix="name a Redis or RabbitMQ server, or leave it empty to run jobs in the app",
        )
    try:
        await asyncio.to_thread(_amqp_connect, url)
    except Exception as exc:
        raise CheckFailed(
            f"{shown(url)} does not answer: {type(exc).__name__}: {exc}",
            fix="start RabbitMQ, or correct LASUITE_BROKER_URL (user, password, virtual host)",
        ) from exc
    return shown(url)


def _amqp_connect(url: str) -> None:
    import pika  # type: ignore[import-untyped]

    parameters = pika.URLParameters(url)
    parameters.socket_timeout = 5
    parameters.connection_attempts = 1
    pika.BlockingConnection(parameters).close()


async def _smtp(url: str) -> str:
    from lasuite.notifications.mail import send_mail

    try:
        await asyncio.to_thread(send_mail, url, [])
    except Exception as exc:
        raise CheckFailed(
            f"{shown(url)}: {type(exc).__name__}: {exc}",
            fix="correct LASUITE_SMTP_URL (smtp://user:password@host:587 or smtps://host:465)",
        ) from exc
    return shown(url)


async def _oidc(settings: Settings) -> str:
    if not (settings.oidc_issuer and settings.oidc_client_id):
        raise CheckFailed(
            "OIDC sign-in needs both LASUITE_OIDC_ISSUER and LASUITE_OIDC_CLIENT_ID",
            fix="set the one missing, or neither to turn OIDC sign-in off",
        )
    if not settings.oidc_client_secret.get_secret_value():
        raise CheckFailed(
            "LASUITE_OIDC_CLIENT_SECRET is empty",
            fix="set the client secret registered at the provider",
        )
    from lasuite.identity.oidc_client import OIDCProvider

    try:
        metadata = await OIDCProvider(settings).metadata()
    except Exception as exc:
        raise CheckFailed(
            f"{settings.oidc_issuer}: {type(exc).__name__}: {exc}",
            fix="correct LASUITE_OIDC_ISSUER (its /.well-known/openid-configuration must "
            "answer from this host)",
        ) from exc
    return f"{metadata['issuer']}"
