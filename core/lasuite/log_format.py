"""The logs' format: uvicorn's text by default, or one JSON object a line
(``LASUITE_LOG_FORMAT=json``) for a log collector — time, level, logger, message, the
request's id, an access line's method, path, status and client, an error's traceback."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import msgspec

from lasuite.request_ids import REQUEST_ID

_ACCESS_FIELDS = ("client", "method", "path", "http_version", "status")
"""What uvicorn's access log line gives, in the order of its arguments."""


class RequestIdFilter(logging.Filter):
    """Adds the id of the request being served (``request_id``) to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonLines(logging.Formatter):
    """One JSON object a record."""

    _encoder = msgspec.json.Encoder()

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["request_id"] = request_id
        if record.name == "uvicorn.access" and isinstance(record.args, tuple):
            entry.update(zip(_ACCESS_FIELDS, record.args, strict=False))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return self._encoder.encode(entry).decode()


def log_config(log_format: str) -> dict[str, Any] | None:
    """The ``logging.config.dictConfig`` of a process logging in ``log_format``; None
    for text (uvicorn's own configuration)."""
    if log_format == "text":
        return None
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"json": {"()": JsonLines}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stdout"], "level": "INFO"},
        "loggers": {
            name: {"handlers": [], "propagate": True, "level": "INFO"}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
        },
    }
