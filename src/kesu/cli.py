"""The `kesu` command: operator CLI over Django management commands.

kesu serve | worker | demo | orgs … | users … | members … | report … | keys rotate | audit verify
kesu manage ARGS…                                            (any Django command)
kesu test [PYTEST ARGS…]                                     (the whole suite, SQLite + PostgreSQL)
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kesu.settings")
    if args and args[0] == "test":
        from kesu.testing.runner import run_suite

        sys.exit(run_suite(args[1:]))
    if args and args[0] == "manage":
        args = args[1:]
    if not args:
        print(__doc__)
        sys.exit(0)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kesu", *args])


if __name__ == "__main__":
    main()
