"""The `kesu` command: operator CLI over Django management commands.

kesu serve | worker | demo | orgs … | users … | members … | report … | keys rotate | audit verify
kesu manage ARGS…                                            (any Django command)
kesu test [PYTEST ARGS…]                                     (the whole suite, SQLite + PostgreSQL)
"""

from __future__ import annotations

import os
import sys

_CLI_ONLY = {"test": "运行全部测试（SQLite 与 PostgreSQL）", "manage": "运行任意 Django 管理命令"}


def _kesu_commands() -> dict[str, str]:
    from django.core.management import get_commands, load_command_class

    found = {
        name: load_command_class(app, name).help.split("\n")[0]
        for name, app in get_commands().items()
        if app.startswith("kesu")
    }
    return {**found, **_CLI_ONLY}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kesu.settings")
    if args and args[0] == "test":
        from kesu.testing.runner import run_suite

        sys.exit(run_suite(args[1:]))
    import django

    django.setup()
    if not args or args in (["-h"], ["--help"], ["help"]):
        from kesu.core.cli_help import overview

        print(overview(_kesu_commands()))
        sys.exit(0)
    if args[0] == "manage":
        args = args[1:]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kesu", *args])


if __name__ == "__main__":
    main()
