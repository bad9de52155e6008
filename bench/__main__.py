"""``python -m bench <name> [--size full|tiny] [--database all|sqlite|postgres] [--write]``."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable

from bench import (
    chat_posts,
    docs_sync,
    fanout,
    flood,
    http_requests,
    job_throughput,
    start,
    visio_meetings,
)
from bench.sizes import Size
from bench.tables import Table

BENCHMARKS: dict[str, Callable[[Size, str], Awaitable[Table]]] = {
    "http": lambda size, database: http_requests.run(size, database),
    "ws": lambda size, database: fanout.run(size, database),
    "jobs": lambda size, database: job_throughput.run(size, database),
    "docs": lambda size, database: docs_sync.run(size, database),
    "visio": lambda size, database: visio_meetings.run(size, database),
    "start": lambda size, database: start.run(size, database),
    "flood": lambda size, database: flood.run(size, database),
    "chat": lambda size, database: chat_posts.run(size, database),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="+", choices=[*BENCHMARKS, "all"])
    parser.add_argument("--size", choices=["full", "tiny"], default="full")
    parser.add_argument(
        "--database",
        choices=["all", "sqlite", "postgres"],
        default="all",
        help="all: SQLite, and PostgreSQL when a server answers",
    )
    parser.add_argument("--write", action="store_true", help="also write bench/results/<name>.md")
    args = parser.parse_args()
    names = list(BENCHMARKS) if "all" in args.names else args.names
    for name in names:
        table = asyncio.run(BENCHMARKS[name](args.size, args.database))
        print(table.markdown())
        if args.write:
            print(f"written to {table.write(name)}")


if __name__ == "__main__":
    main()
