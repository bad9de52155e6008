"""The plugin API's boundary: what ``lasuite.plugins`` exports, how its registration
calls take their arguments, and its recorded, versioned surface."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar, Protocol

import click
import pytest
from pydantic import BaseModel

import lasuite.plugins as api
from lasuite.plugin_host import surface
from lasuite.plugins import (
    Event,
    Fragment,
    MetricCounter,
    Permission,
    PluginContext,
    PluginError,
    Problem,
    SearchResult,
)
from lasuite.plugins._context import ServiceDirectory

SERVICES = (
    "EventBus",
    "JobQueue",
    "Notifier",
    "OnlineUsers",
    "PluginFiles",
    "JobRun",
    "EventContext",
    "ActionContext",
)
INTERNALS = {"drain", "send", "send_after_commit", "settle", "using", "on_startup", "plugin_id"}


@pytest.mark.parametrize("name", SERVICES)
def test_the_core_services_reach_plugins_as_protocols_without_their_internals(name: str) -> None:
    service = getattr(api, name)

    assert Protocol in service.__mro__, f"{name} is exported as a class of the core"
    assert not INTERNALS & set(vars(service)), f"{name} shows internals"


def test_the_api_is_its_recorded_surface() -> None:
    compared = surface.compare(surface.entries())

    assert compared.broken == [], "restore these, or make a new major version"
    assert compared.new == [], "record the new API: lasuite plugins surface --write"


def test_a_removed_or_changed_entry_is_a_break_and_a_new_one_is_not_recorded_yet(
    tmp_path: Path,
) -> None:
    record = tmp_path / "api-surface.txt"
    current = surface.entries()
    changed = next(line for line in current if line.startswith("PluginContext.add_topic("))
    surface.write([*(line for line in current if line != changed), "def gone() -> 'None'"], record)

    compared = surface.compare(current, record)

    assert compared.broken == ["def gone() -> 'None'"]
    assert compared.new == [changed]
    assert compared.recorded_major == int(api.API_VERSION.split(".")[0])


@pytest.mark.parametrize(
    ("old", "new", "compatible"),
    [
        (
            "C.f(self, a: 'int', *, b: 'str') -> 'None'",
            "C.f(self, a: 'int', *, b: 'str', c: 'dict[str, int] | None' = None) -> 'None'",
            True,
        ),
        ("def f(a: 'int') -> 'None'", "def f(a: 'int', *, c: 'int' = 1) -> 'None'", True),
        ("def f(a: 'int') -> 'None'", "def f(a: 'int', c: 'int' = 1) -> 'None'", False),
        ("C.f(self, *, b: 'str') -> 'None'", "C.f(self, *, b: 'str', c: 'str') -> 'None'", False),
        (
            "C.f(self, *, b: 'str') -> 'None'",
            "C.f(self, *, b: 'str', c: 'int' = 1) -> 'int'",
            False,
        ),
        (
            "C.f(self, *, b: 'str') -> 'None'",
            "C.g(self, *, b: 'str', c: 'int' = 1) -> 'None'",
            False,
        ),
        (
            "C.f(self, *, b: 'str') -> 'None'",
            "C.f(self, *, b: 'bytes', c: 'int' = 1) -> 'None'",
            False,
        ),
    ],
)
def test_a_callable_may_gain_keyword_only_parameters_with_defaults(
    old: str, new: str, compatible: bool, tmp_path: Path
) -> None:
    record = tmp_path / "api-surface.txt"
    surface.write([old], record)

    compared = surface.compare([new], record)

    assert surface.grown(old, new) is compatible
    assert compared.broken == ([] if compatible else [old])
    assert compared.new == [new]


def test_a_recorded_entry_keeps_the_version_it_appeared_in(tmp_path: Path) -> None:
    record = tmp_path / "api-surface.txt"
    current = surface.entries()
    record.write_text(
        f"# lasuite.plugins API surface, major 1. Generated\n{current[0]}  # since 1.0\n"
    )

    surface.write([*current, "def later() -> 'None'"], record)

    _, lines = surface.recorded(record)
    assert lines[current[0]] == "1.0"
    assert lines["def later() -> 'None'"] == ".".join(api.API_VERSION.split(".")[:2])


def registration_calls() -> list[tuple[str, inspect.Signature]]:
    return [
        (name, inspect.signature(member))
        for name, member in vars(PluginContext).items()
        if not name.startswith("_") and inspect.isfunction(member)
    ]


@pytest.mark.parametrize(("name", "signature"), registration_calls())
def test_registration_calls_are_keyword_only_past_their_first_argument(
    name: str, signature: inspect.Signature
) -> None:
    after_first = list(signature.parameters.values())[2:]

    assert all(
        p.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD)
        for p in after_first
    ), f"ctx.{name}{signature}"


class Thing:
    """Stands for a model: ``add_models`` reads its table name (a real model would go on
    the shared metadata, which the migration tests compare with the migrations)."""

    __tablename__ = "dup_thing"


class Posted(Event, frozen=True):
    name: ClassVar[str] = "dup.thing.posted"


class Settings(BaseModel):
    limit: int = 1


class Refused(Problem):
    code = "dup.refused"


async def job(run: object) -> None:
    pass


async def handler(*_: object) -> None:
    pass


async def search(*_: object) -> list[SearchResult]:
    return []


def policy(*_: object) -> bool | None:
    return None


@contextlib.asynccontextmanager
async def lifespan(instance: object) -> AsyncIterator[object]:
    yield object()


class Cards(Protocol):
    def post(self) -> None: ...


REGISTRATIONS: dict[str, Callable[[PluginContext], Any]] = {
    "model": lambda ctx: ctx.add_models(Thing),  # type: ignore[arg-type]
    "permission": lambda ctx: ctx.add_permissions(
        Permission(name="dup.thing.read", description="Read")
    ),
    "policy": lambda ctx: ctx.add_policy(Thing, policy=policy),
    "fragment": lambda ctx: ctx.add_fragments(
        Fragment(slot="nav", element="dup-nav", module="dup.js")
    ),
    "settings": lambda ctx: ctx.add_settings(Settings),
    "job": lambda ctx: ctx.add_job(job),
    "periodic job": lambda ctx: ctx.add_job(job, name="tick", every=timedelta(hours=1)),
    "event": lambda ctx: ctx.add_events(Posted),
    "event handler": lambda ctx: ctx.on_event("dup.thing.posted", handler=handler),
    "topic": lambda ctx: ctx.add_topic("dup:room", can_subscribe=handler),
    "websocket action": lambda ctx: ctx.add_ws_action("dup.wave", handler=handler),
    "notification kind": lambda ctx: ctx.add_notification_kind(
        "dup.wave", description="A wave", default_email=False
    ),
    "search provider": lambda ctx: ctx.add_search_provider(search),
    "problem": lambda ctx: ctx.add_problems(Refused),
    "service": lambda ctx: ctx.provide(Cards, service=object()),
    "lifespan": lambda ctx: ctx.add_lifespan("rooms", start=lifespan),
    "exporter": lambda ctx: ctx.add_exporter(handler),
    "counter": lambda ctx: ctx.add_counters(MetricCounter("waves", description="Waves")),
    "audit action": lambda ctx: ctx.add_audit_actions("dup.wave.sent"),
}


@pytest.mark.parametrize(
    "action", ["other.wave.sent", "dup.wave", "dup.wave.sent.twice", "dup.Wave.sent", "dup..sent"]
)
def test_an_audit_action_is_the_plugins_own_noun_and_verb(action: str) -> None:
    ctx = PluginContext("dup", frozenset(), ServiceDirectory())

    with pytest.raises(PluginError) as refused:
        ctx.add_audit_actions(action)

    assert refused.value.fix == "name it 'dup.<noun>.<verb>' in lower case"


@pytest.mark.parametrize("kind", sorted(REGISTRATIONS))
def test_a_registration_made_twice_is_refused(kind: str) -> None:
    ctx = PluginContext("dup", frozenset(), ServiceDirectory())
    register = REGISTRATIONS[kind]
    register(ctx)

    with pytest.raises(PluginError) as refused:
        register(ctx)

    assert "twice" in refused.value.problem or "already provided" in refused.value.problem


def test_a_command_group_is_added_once() -> None:
    ctx = PluginContext("dup", frozenset(), ServiceDirectory())
    ctx.add_cli(click.Group("dup"))

    with pytest.raises(PluginError, match="a command group 'dup' is registered twice"):
        ctx.add_cli(click.Group("dup"))


@pytest.mark.parametrize("name", ["events", "socket", "not an identifier"])
def test_a_lifespan_needs_a_free_parameter_name(name: str) -> None:
    ctx = PluginContext("dup", frozenset(), ServiceDirectory())

    with pytest.raises(PluginError, match="is not a free handler parameter name"):
        ctx.add_lifespan(name, start=lifespan)
