"""`kesu serve`: migrate, start a background worker (restarted if it dies), serve with granian."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from kesu.core.cli_help import KesuCommand
from kesu.core.supervise import Supervisor


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

    def handle(self, *args, **opts):
        call_command("migrate", interactive=False, verbosity=0)
        if opts["demo"]:
            call_command("demo", scale="small", seed=1, if_empty=True, address=_address(opts))
        granian = shutil.which("granian") or os.path.join(
            os.path.dirname(sys.executable), "granian"
        )
        if not os.path.exists(granian):
            raise CommandError("找不到 granian，请先安装：pip install granian")
        worker = None
        if not opts["no_worker"] and "django_tasks_db" in settings.TASKS["default"]["BACKEND"]:
            worker = Supervisor(
                [sys.executable, "-m", "kesu.cli", "worker", "--interval", "0.5"]
            ).start()
        self.stdout.write(f"科素已启动：{_address(opts)}  （Ctrl+C 退出）")
        server = subprocess.Popen(  # noqa: S603
            [
                granian, "--interface", "wsgi", "--host", opts["host"], "--port", str(opts["port"]),
                "--workers", str(opts["workers"]), "--blocking-threads", "1",
                "--log-level", "warning", "kesu.core.middleware_wsgi:application",
            ]
        )  # fmt: skip
        try:
            code = server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGINT)
            code = server.wait()
        finally:
            if worker is not None:
                worker.stop(timeout=10)
        sys.exit(code)
