"""One JSON error shape for the whole API: ``{"error": code, "detail": …}``.

``detail`` is the message, or ``{"message": …, …}`` with facts a client may word
itself: the ``fields`` of an ``invalid_input``, the ``max_bytes`` of a ``too_large``.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap
from sqlalchemy.exc import IntegrityError

from lasuite.problems import Problem
from lasuite.realtime.events import Veto

logger = logging.getLogger("lasuite.errors")

CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "too_many_requests",
    503: "unavailable",
}


CORE_CODES: dict[str, str] = {
    **{code: f"HTTP {status}" for status, code in CODES.items()},
    "invalid_input": "400: the body, query or path does not validate; detail.fields names "
    "each invalid field",
    "json_too_deep": "400: the JSON body nests arrays and objects too deep (before decoding)",
    "json_too_wide": "400: one array or object of the JSON body holds too many values",
    "vetoed": "409: a plugin refused the change (detail: its reason)",
    "core.guests_not_invited": "403: the caller may not invite people from outside the "
    "organization (core.guests.invite), as a plugin's sharing by e-mail does",
    "core.wrong_password": "400: a password change gave a wrong current password",
    "core.same_password": "400: a password change gave the current password as the new one",
    "core.no_local_password": "409: the account signs in with its organization's provider "
    "and has no password to change",
    "core.reset_link_invalid": "400: a link to choose a new password is not one, or was used",
    "core.reset_link_expired": "410: a link to choose a new password is over an hour old",
    "core.already_member": "409: an invitation or an account for someone who is a member already",
    "core.already_invited": "409: an invitation or an account for an address whose "
    "invitation is waiting",
    "core.inviting_not_allowed": "403: an account for an address that has one, whose "
    "holder would be invited, without core.invitations.manage",
    "core.unknown_team": "400: an account put in a team the organization does not have "
    "(detail.team)",
    "core.owners_only": "403: only owners make someone an owner, or change or remove an owner",
    "core.last_owner": "409: the change would leave the organization without an owner",
    "core.owners_keep_grants": "409: taking from owners the right to change grants",
    "core.grant_not_held": "403: granting a role a permission the caller does not hold",
    "core.team_name_taken": "409: a team of the organization has this name (detail.name)",
    "core.invitation_used": "409: the invitation was accepted already",
    "core.invitation_for_another": "403: the invitation was sent to another address than "
    "the signed-in caller's",
    "core.already_in_organization": "409: the caller accepting an invitation is a member already",
    "core.sign_in_to_accept": "409: signing up through an invitation with an address that "
    "has an account (sign in, then accept it)",
    "core.organization_exists": "409: an organization has this slug or SIRET",
    "core.job_plugin_gone": "409: retrying a job whose plugin is no longer loaded",
    "core.settings_changed": "409: a plugin's settings changed since the caller read them "
    "(their version)",
    "core.file_type_refused": "415: an upload's type, sniffed from its content, is not "
    "accepted (detail.content_type, detail.accepted)",
    "core.search_length": "400: a search of 0 or over detail.max_length characters",
    "core.not_people_csv": "400: an import whose file names no email and name columns, or "
    "lists over 1,000 people",
    "core.invalid_email": "400, in an import's report: a line's address is not one",
    "core.name_missing": "400, in an import's report: a line gives no name",
    "core.unknown_role": "400, in an import's report: a line's role is not a role",
    "internal_error": "500: an unexpected error, logged",
    "database_unreachable": "503: /readyz, the database does not answer",
    "migrations_pending": "503: /readyz, the schema is behind a migration head",
}
"""The error codes the core itself answers with, and when."""


def error_response(
    status: int, code: str, detail: Any, headers: dict[str, str] | None = None
) -> Response[Any]:
    return Response(
        {"error": code, "detail": detail},
        status_code=status,
        media_type=MediaType.JSON,
        headers=headers,
    )


def _http_error(_request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    if isinstance(exc, ValidationException) or (status == 400 and exc.extra):
        return error_response(400, "invalid_input", {"message": exc.detail, "fields": exc.extra})
    detail: Any = exc.detail
    if isinstance(exc.extra, dict) and exc.extra:
        # Facts a client words in its user's language (a 413's limit), beside the message.
        detail = {"message": exc.detail, **exc.extra}
    return error_response(status, CODES.get(status, "error"), detail, exc.headers)


def _integrity_error(_request: Request[Any, Any, Any], exc: IntegrityError) -> Response[Any]:
    # Two requests raced past a service's own check; the database kept the invariant.
    logger.info("integrity error: %s", exc.orig)
    return error_response(
        409, "conflict", "This conflicts with data saved meanwhile; reload and retry."
    )


def _unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    detail = repr(exc) if request.app.debug else "An unexpected error occurred; it has been logged."
    return error_response(HTTP_500_INTERNAL_SERVER_ERROR, "internal_error", detail)


def _problem(_request: Request[Any, Any, Any], problem: Problem) -> Response[Any]:
    # A service refused the request; the transaction has rolled back.
    return error_response(problem.status, problem.code, problem.detail, problem.headers or None)


def _vetoed(_request: Request[Any, Any, Any], veto: Veto) -> Response[Any]:
    # A plugin's will-handler refused the change; the transaction has rolled back.
    logger.info("%s vetoed %s: %s", veto.plugin_id, veto.event, veto.reason)
    return error_response(409, "vetoed", veto.reason)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    HTTPException: _http_error,
    IntegrityError: _integrity_error,
    Veto: _vetoed,
    Problem: _problem,
    Exception: _unexpected_error,
}
