"""The ``hackkit`` command's entry point.

The async server must patch the standard library before anything else is imported (psycopg,
for one, decides at import whether it cooperates with gevent), so this module looks at the
command line first and patches only for the commands that serve.
"""

from __future__ import annotations

import os
import sys
import warnings

SERVING_COMMANDS = {"serve", "demo"}


def _patch_for(argv: list[str]) -> None:
    command = next((arg for arg in argv[1:] if not arg.startswith("-")), "")
    if command not in SERVING_COMMANDS:
        return
    mode = os.environ.get("HACKKIT_ASYNC_MODE", "gevent")
    # Only the chosen library, and only to serve: the other commands need no event loop.
    if mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    elif mode == "eventlet":
        warnings.filterwarnings("ignore", message=".*Eventlet.*", category=DeprecationWarning)
        import eventlet

        eventlet.monkey_patch()


def main() -> None:
    """Run the CLI, after patching for the async server when serving."""
    _patch_for(sys.argv)
    from hackkit.cli import cli  # after patching: it loads the server, sockets and database

    cli(prog_name="hackkit")


if __name__ == "__main__":
    main()
