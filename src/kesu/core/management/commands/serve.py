"""`kesu serve`: migrate, start a background worker (restarted if it dies), serve with granian."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command

from kesu.core.cli_help import KesuCommand
from kesu.core.env import env_int
from kesu.core.service import Service, granian_argv, probe_url


def default_workers() -> int:
    """One granian worker per CPU core, at most four (KESU_WORKERS overrides). Rate limits
    are counted in a table the workers share (kesu.core.ratelimit), so they hold exactly
    whatever the number of workers."""
    return max(1, min(os.cpu_count() or 1, 4))


def _address(opts: dict) -> str:
    """The address to open in a browser (a server listening on every interface answers on
    the loopback one too)."""
    host = "127.0.0.1" if opts["host"] in ("0.0.0.0", "::", "") else opts["host"]  # noqa: S104
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{opts['port']}/"


class Command(KesuCommand):
    help = "迁移数据库并启动服务（granian + 后台任务进程）"
    needs_database = False

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("KESU_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("KESU_PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("KESU_WORKERS", default_workers()))
        )
        parser.add_argument(
            "--demo", action="store_true", help="数据库为空时先生成演示数据（small）"
        )
        parser.add_argument("--no-worker", action="store_true", help="不启动后台任务进程")
        parser.add_argument(
            "--no-migrate", action="store_true", help="不迁移数据库（多节点时由一处先行迁移）"
        )
        parser.add_argument(
            "--stop-seconds",
            type=float,
            default=env_int("KESU_STOP_SECONDS", 30, minimum=1),
            help="停止时等待进行中的请求和任务完成的秒数",
        )

    def handle(self, *args, **opts):
        if not opts["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        if opts["demo"]:
            call_command("demo", scale="small", seed=1, if_empty=True, address=_address(opts))
        worker = None
        if not opts["no_worker"] and "django_tasks_db" in settings.TASKS["default"]["BACKEND"]:
            worker = [sys.executable, "-m", "kesu.cli", "worker", "--interval", "0.5"]
        host, port = opts["host"], opts["port"]
        service = Service(
            granian_argv(host, port, opts["workers"]),
            worker,
            probe=probe_url(host, port),
            stop_seconds=opts["stop_seconds"],
        )

        def ready() -> None:
            self.stdout.write(f"科素已启动：{_address(opts)}  （Ctrl+C 退出）")
            self.stdout.flush()

        code = service.run(ready)
        if service.stopping.is_set():
            self.stdout.write("科素已停止。")
        sys.exit(code)
