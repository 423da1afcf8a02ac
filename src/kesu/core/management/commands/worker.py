"""`kesu worker`: the background worker (what `kesu serve` starts), one child per task."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from kesu.core.jobs import runner_id
from kesu.core.worker import IsolatedWorker


class Command(db_worker.Command):
    help = "运行后台任务进程（每个任务在独立子进程中执行，子进程异常退出时任务标记为失败）"

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        # "host:pid": lets kesu.core.jobs tell whether the worker holding a task is alive.
        parser.set_defaults(worker_id=runner_id(), reload=False)

    def handle(self, **opts: Any) -> None:
        self.configure_logging(opts["verbosity"])
        exclude = opts["exclude_queues"]
        worker = IsolatedWorker(
            queue_names=opts["queue_name"].split(","),
            excluded_queue_names=exclude.split(",") if exclude else [],
            interval=opts["interval"], batch=opts["batch"], backend_name=opts["backend_name"],
            startup_delay=opts["startup_delay"], max_tasks=opts["max_tasks"],
            worker_id=opts["worker_id"],
        )  # fmt: skip
        worker.configure_signals()
        worker.run()
