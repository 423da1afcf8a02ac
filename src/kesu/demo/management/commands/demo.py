"""`kesu demo`: realistic, deterministic demo data (organisations, members, logins)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import CommandError

from kesu.core.cli_help import KesuCommand
from kesu.demo.generator import SCALES
from kesu.demo.services import DemoError, demo_generate, demo_reset
from kesu.orgs.models import Organization


class Command(KesuCommand):
    help = "生成演示数据：工会组织树、会员和演示账号（同一种子生成相同数据）"
    needs_database = False  # it migrates first

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            help="规模：small 约40个组织/3千会员（几秒）；district 约400个/6万；"
            "city 约5千个/100万（数分钟）",
        )
        parser.add_argument("--address", help="服务地址（kesu serve --demo 传入实际地址）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="先清空现有的组织、会员及其用户（审计日志保留），再生成",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库已有组织时跳过（kesu serve --demo）"
        )

    def handle(self, *args, **opts):
        # A fresh database (the quick start) has no tables yet: bring the schema up first.
        call_command("migrate", interactive=False, verbosity=0)
        if opts.get("if_empty") and Organization.objects.exists():
            self.stdout.write("数据库已有数据，跳过演示数据生成。")
            return
        try:
            if opts.get("reset"):
                demo_reset(stdout=self.stdout)
            demo_generate(
                scale=opts["scale"], seed=opts["seed"], stdout=self.stdout, address=opts["address"]
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from None
