"""One typed settings object, read from ``LASUITE_*`` environment variables.

Every field has an embedded default so that ``lasuite run`` works on a fresh
machine with nothing installed: a SQLite file and local files under ``./var``.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Environment = Literal["embedded", "production"]


class Settings(BaseSettings):
    """The whole configuration of one lasuite process (listed in ``docs/configuration.md``)."""

    model_config = SettingsConfigDict(env_prefix="LASUITE_", extra="ignore", frozen=True)

    var_dir: Path = Field(
        default=Path("var"),
        description="Directory for the embedded database, session files and uploads.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy async URL; empty means a SQLite file `<var_dir>/lasuite.db`.",
    )
    migrate_on_start: bool | None = Field(
        default=None,
        description="Run migrations when `lasuite run` starts; default: only on SQLite.",
    )
    host: str = Field(default="127.0.0.1", description="Address `lasuite run` listens on.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port `lasuite run` listens on.")
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Reverse proxies trusted to set X-Forwarded-For and X-Forwarded-Proto "
        "(comma-separated addresses or networks, `*` for any, empty for none); the client "
        "address used for rate limits and the audit log comes from them.",
    )
    header_timeout: float = Field(
        default=10.0,
        gt=0,
        description="Seconds `lasuite run` gives a client to send a request's headers "
        "(from connecting, or from its previous response); then the connection is closed.",
    )
    idle_timeout: float = Field(
        default=5.0,
        gt=0,
        description="Seconds `lasuite run` keeps an idle kept-alive connection open.",
    )
    max_connections: int = Field(
        default=10_000,
        ge=1,
        description="Connections (websockets included) `lasuite run` holds at once; past "
        "them, new requests are answered 503.",
    )
    public_url: str = Field(
        default="", description="URL users reach the workspace at; default http://host:port."
    )
    secret_key: str = Field(
        default="",
        description="Signs sessions; empty means a key generated once in `<var_dir>/secret_key`.",
    )
    redis_url: str = Field(
        default="",
        description="Redis for sessions, rate limits and realtime (delivery between app "
        "instances, event history, presence), e.g. `redis://host:6379/0`; empty means session "
        "files in `<var_dir>/sessions` and the rest in-process (a single instance).",
    )
    login_failures_per_account: int = Field(
        default=5,
        ge=1,
        description="Failed local sign-ins allowed per client IP and e-mail within "
        "`LASUITE_LOGIN_FAILURE_WINDOW`; more are refused with 429.",
    )
    login_failures_per_ip: int = Field(
        default=50,
        ge=1,
        description="Failed local sign-ins allowed per client IP, whatever the e-mail, within "
        "`LASUITE_LOGIN_FAILURE_WINDOW`; more are refused with 429.",
    )
    login_failures_before_backoff: int = Field(
        default=10,
        ge=1,
        description="Failed local sign-ins of one e-mail, from any address, within "
        "`LASUITE_LOGIN_FAILURE_WINDOW` before it is slowed: then one attempt per pause, "
        "the pause doubling from 1 s up to 60 s (others get 429 with Retry-After).",
    )
    login_failure_window: int = Field(
        default=900, ge=1, description="Seconds over which failed local sign-ins are counted."
    )
    token_creations_per_hour: int = Field(
        default=20, ge=1, description="Personal API tokens one user may create per hour."
    )
    oidc_issuer: str = Field(
        default="",
        description="OpenID Connect provider (ProConnect, Keycloak…) whose "
        "`/.well-known/openid-configuration` is read; empty turns OIDC sign-in off.",
    )
    oidc_client_id: str = Field(
        default="",
        description="Client id registered at the OIDC provider, with the redirect URI "
        "`<public_url>/api/v1/auth/oidc/callback` and the post-logout URI `<public_url>/`.",
    )
    oidc_client_secret: SecretStr = Field(
        default=SecretStr(""), description="Client secret registered at the OIDC provider."
    )
    oidc_scopes: str = Field(
        default="openid email given_name usual_name siret",
        description="Space-separated scopes asked of the OIDC provider.",
    )
    local_accounts: bool = Field(
        default=True,
        description="Allow sign-in with a local e-mail and password; "
        "when false, `/api/v1/auth/login` answers 404.",
    )
    debug: bool = Field(
        default=False, description="Tracebacks in error responses; never in production."
    )
    demo: bool | None = Field(
        default=None,
        description="Create a demo organization and owner on first start; default: on SQLite.",
    )
    disabled_plugins: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(),
        description="Comma-separated plugin ids never loaded on this installation.",
    )
    default_plugins: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset({"*"}),
        description="Comma-separated plugin ids enabled for new organizations; `*` means all.",
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, description="Largest JSON request body accepted, in bytes."
    )
    invitation_days: int = Field(
        default=7,
        ge=1,
        le=90,
        description="Days an invitation link to an organization stays valid.",
    )
    invitations_per_hour: int = Field(
        default=50, ge=1, description="Invitations one user may send per hour; more get 429."
    )
    invitation_accepts_per_hour: int = Field(
        default=20,
        ge=1,
        description="Invitation links one user may try to accept per hour; more get 429.",
    )
    storage_url: str = Field(
        default="",
        pattern=r"^(s3://[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])?$",
        description="Where uploaded files go: empty means `<var_dir>/files`; "
        "`s3://bucket` an existing bucket of an S3-compatible service.",
    )
    s3_endpoint_url: str = Field(
        default="",
        description="URL of the S3-compatible service (MinIO, Garage…); empty means AWS.",
    )
    s3_access_key: str = Field(
        default="",
        description="Access key id for the bucket; empty means the AWS credential chain.",
    )
    s3_secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="Secret access key for the bucket; empty means the AWS credential chain.",
    )
    s3_region: str = Field(
        default="", description="Region of the bucket; empty means the service's default."
    )
    max_upload_bytes: int = Field(
        default=100 * 1024 * 1024,
        ge=1,
        description="Largest uploaded file accepted, in bytes (default 100 MiB).",
    )
    broker_url: str = Field(
        default="",
        pattern=r"^((redis|rediss|amqp|amqps)://.+)?$",
        description="Background jobs broker: empty runs jobs inside `lasuite run`, kept in the "
        "database across restarts; `redis://…` or `amqp://…` for `lasuite worker` processes.",
    )
    worker_threads: int = Field(
        default=2,
        ge=0,
        le=256,
        description="Job threads of the worker inside `lasuite run` (0: none) and the default "
        "of `lasuite worker --threads`.",
    )
    broker_namespace: str = Field(
        default="lasuite",
        pattern=r"^[a-zA-Z_][a-zA-Z0-9_-]{0,62}$",
        description="Prefix of the job queues on the broker (`<namespace>.<plugin id>`), so "
        "that several deployments can share one Redis or RabbitMQ.",
    )
    job_resend_after_seconds: float = Field(
        default=300.0,
        gt=0,
        description="A queued job no worker has taken after this many seconds is sent again "
        "(its first message may have been lost in a crash); a worker ignores the message of "
        "a job already running or finished.",
    )
    job_retention_days: float = Field(
        default=30.0,
        ge=0,
        description="Days a finished job (succeeded, failed or dropped) is kept after its last "
        "change; 0 keeps them for ever.",
    )
    ws_max_frame_bytes: int = Field(
        default=65_536,
        ge=256,
        description="Largest frame a client may send on the app websocket, in bytes; "
        "a bigger one closes it (code 1009).",
    )
    ws_max_messages_per_second: int = Field(
        default=20,
        ge=1,
        description="Frames per second a client may send on the app websocket (bursts "
        "included); more close it (code 4429).",
    )
    ws_max_messages_per_second_per_user: int = Field(
        default=40,
        ge=1,
        description="Frames per second all the app websockets of one account may send "
        "together (bursts included); more close the socket sending them (code 4429).",
    )
    ws_max_plugin_messages_per_second_per_user: int = Field(
        default=200,
        ge=1,
        description="Frames per second all the plugins' websockets of one account may send "
        "together (docs' edits and cursors, visio's signalling; bursts included); more "
        "close the socket sending them (code 4429).",
    )
    ws_max_connections_per_user: int = Field(
        default=30,
        ge=1,
        description="App websockets one account may hold open on an app instance, and "
        "plugin websockets apart; one more is closed at once (code 4429).",
    )
    ws_max_connections_per_address: int = Field(
        default=2000,
        ge=1,
        description="Websockets one client address (after trusted proxies) may hold open on "
        "an app instance, the app's and the plugins' counted apart; one more is closed at "
        "once (code 4429).",
    )
    ws_send_queue: int = Field(
        default=256,
        ge=1,
        description="Frames that may wait to be sent to one websocket client; a client "
        "reading too slowly to keep below is disconnected (code 4008).",
    )
    ws_heartbeat_seconds: float = Field(
        default=25.0,
        gt=0,
        description="Seconds between the server's pings on the app websocket; each "
        "also refreshes the connection's presence.",
    )
    ws_idle_timeout_seconds: float = Field(
        default=60.0,
        gt=0,
        description="A websocket client that sends nothing (not even a pong) for this "
        "many seconds is disconnected (code 4408).",
    )
    realtime_history_events: int = Field(
        default=500,
        ge=0,
        description="Events kept per topic, so that a client reconnecting gets those it "
        "missed (beyond them it is told to resync).",
    )
    realtime_history_seconds: float = Field(
        default=3600.0,
        gt=0,
        description="Seconds a topic's kept events last after its latest one.",
    )
    presence_ttl_seconds: float = Field(
        default=60.0,
        gt=0,
        description="Seconds a user stays present without their connection's heartbeat: "
        "how long the users of a crashed instance still look online.",
    )
    smtp_url: str = Field(
        default="",
        description="SMTP server notification e-mails are sent through, e.g. "
        "`smtp://user:password@host:587` (STARTTLS when offered) or `smtps://host:465`; "
        "empty means no e-mail is sent (each one is logged instead).",
    )
    mail_from: str = Field(
        default="lasuite@localhost",
        description="Sender address of the e-mails lasuite sends.",
    )
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="`text` (uvicorn's lines) or `json`: one JSON object a line for a log "
        "collector, with the request's id (also in each answer's `X-Request-ID`).",
    )
    metrics_token: SecretStr = Field(
        default=SecretStr(""),
        description="Bearer token a Prometheus scraper presents to `GET /metrics`; empty "
        "means no metrics are kept and the path answers 404.",
    )
    otel_endpoint: str = Field(
        default="",
        pattern=r"^(https?://.+)?$",
        description="OpenTelemetry collector's OTLP/HTTP address (`http://collector:4318`): "
        "a trace span per request is sent to its `/v1/traces`; empty: no traces.",
    )
    otel_service_name: str = Field(
        default="lasuite",
        min_length=1,
        max_length=100,
        description="The service the traces are of (`service.name`).",
    )
    worker_metrics_port: int = Field(
        default=0,
        ge=0,
        le=65535,
        description="Port of `lasuite worker`'s `GET /metrics` (its jobs' run times, with "
        "the same token as the app's); process k of `--processes N` listens on this port + k. "
        "0: none.",
    )
    search_timeout_seconds: float = Field(
        default=2.0,
        gt=0,
        le=30,
        description="Seconds each plugin has to answer a search; a slower one is reported "
        "as missing from the results while the others are shown.",
    )

    @field_validator("disabled_plugins", "default_plugins", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _heartbeat_fits_timeouts(self) -> Settings:
        for name in ("ws_idle_timeout_seconds", "presence_ttl_seconds"):
            if getattr(self, name) <= self.ws_heartbeat_seconds:
                raise ValueError(
                    f"{name} must be longer than ws_heartbeat_seconds "
                    f"({self.ws_heartbeat_seconds}), which is how often it is refreshed"
                )
        return self

    def default_plugin_ids(self, loaded: frozenset[str]) -> frozenset[str]:
        """The plugins a new organization starts with, among those loaded."""
        return loaded if "*" in self.default_plugins else loaded & self.default_plugins

    @property
    def database(self) -> str:
        """The database URL, with the embedded SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.var_dir / 'lasuite.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.database.startswith("sqlite")

    @property
    def environment(self) -> Environment:
        return "embedded" if self.is_sqlite else "production"

    @property
    def should_migrate_on_start(self) -> bool:
        return self.is_sqlite if self.migrate_on_start is None else self.migrate_on_start

    @property
    def should_create_demo(self) -> bool:
        return self.is_sqlite if self.demo is None else self.demo

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"

    def session_secret(self) -> bytes:
        """The secret signing sessions; generated once and kept in ``var_dir`` when unset."""
        if self.secret_key:
            return self.secret_key.encode()
        key_file = self.var_dir / "secret_key"
        if not key_file.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return key_file.read_text().strip().encode()
