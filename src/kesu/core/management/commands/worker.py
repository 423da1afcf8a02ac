"""`kesu worker`: the background worker (what `kesu serve` starts), one child per task."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from kesu.core.cli_help import KesuCommand
from kesu.core.jobs import runner_id
from kesu.core.worker import IsolatedWorker

_HELP = {
    "queue_name": "处理的队列，多个用逗号分隔，* 表示全部（默认 default）",
    "exclude_queues": "不处理的队列，多个用逗号分隔",
    "interval": "队列为空时再次检查的间隔秒数（默认 1）",
    "batch": "处理完现有任务后退出（可与 --max-tasks 同用）",
    "reload": "代码改动时重启（仅开发用）",
    "backend_name": "任务后端（默认 default）",
    "startup_delay": "启动时不做随机短暂等待",
    "max_tasks": "最多执行多少个任务后退出",
    "worker_id": "进程标识，在所有后台进程中必须唯一（默认自动生成）",
}


class Command(KesuCommand, db_worker.Command):
    help = "运行后台任务进程（每个任务在独立子进程中执行，子进程异常退出时任务标记为失败）"

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        # "host:pid": lets kesu.core.jobs tell whether the worker holding a task is alive.
        parser.set_defaults(worker_id=runner_id(), reload=False)
        for action in parser._actions:
            action.help = _HELP.get(action.dest, action.help)

    def handle(self, **opts: Any) -> None:
        self.configure_logging(opts["verbosity"])
        exclude = opts["exclude_queues"]
        worker = IsolatedWorker(
            queue_names=opts["queue_name"].split(","),
            excluded_queue_names=exclude.split(",") if exclude else [],
            interval=opts["interval"],
            batch=opts["batch"],
            backend_name=opts["backend_name"],
            startup_delay=opts["startup_delay"],
            max_tasks=opts["max_tasks"],
            worker_id=opts["worker_id"],
        )
        worker.configure_signals()
        worker.run()
