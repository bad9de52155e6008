"""Plugins with a UI, for the shell's tests: each ships ES modules in its ``static/``.

``hello`` works (navigation entry, home widget, page, its own messages, an API
call through the shell's client); ``broken``'s module throws when it loads;
``visitor`` has a page for visitors who are not signed in. They
are top-level packages (``e2e_hello``, ``e2e_broken``), so the core finds their
``static`` directories the way it finds an installed plugin's.
"""

from __future__ import annotations

import sys
from importlib.metadata import EntryPoint
from pathlib import Path

PLUGINS_DIR = Path(__file__).resolve().parent

if str(PLUGINS_DIR) not in sys.path:
    sys.path.insert(0, str(PLUGINS_DIR))

HELLO = EntryPoint(name="hello", value="e2e_hello.plugin:plugin", group="lasuite.plugins")
BROKEN = EntryPoint(name="broken", value="e2e_broken.plugin:plugin", group="lasuite.plugins")
FINDER = EntryPoint(name="finder", value="e2e_finder.plugin:plugin", group="lasuite.plugins")
VISITOR = EntryPoint(name="visitor", value="e2e_visitor.plugin:plugin", group="lasuite.plugins")
