"""Every string of the shell is in both message catalogs, and every message is used
(no browser needed).

The shell's catalogs are split by area: ``web/src/i18n/<locale>/<area>.json``; French
and English have the same areas with the same keys, and no key is in two areas.
"""

from __future__ import annotations

from pathlib import Path

from lasuite.testing import check_catalogs

WEB = Path(__file__).resolve().parents[2] / "web" / "src"


def test_the_shell_catalogs_hold_every_message_the_shell_uses_and_no_other() -> None:
    check_catalogs(WEB / "i18n", WEB)
