import json

from django.core.management.base import CommandError

from kesu.core.cli_help import KesuCommand
from kesu.orgs.importer import orgs_import_file
from kesu.orgs.models import Organization
from kesu.orgs.services import OrgError, org_create


class Command(KesuCommand):
    help = "工会组织：create / import / list"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建组织")
        create.add_argument("--code", required=True)
        create.add_argument("--name", required=True)
        create.add_argument(
            "--level", required=True, help="city/district/township/grassroots 或 市/区/乡镇/基层"
        )
        create.add_argument("--kind", default="union")
        create.add_argument("--parent", default="", help="上级组织编码")
        imp = sub.add_parser(
            "import", help="从 .xlsx 导入组织（列：编码、名称、层级、类型、上级编码）"
        )
        imp.add_argument("file", help="组织 Excel 文件（.xlsx）")
        lst = sub.add_parser("list", help="列出组织")
        lst.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        action = opts["action"]
        if action == "create":
            parent = None
            if opts["parent"]:
                parent = Organization.objects.filter(code=opts["parent"]).first()
                if parent is None:
                    raise CommandError(f"上级组织编码不存在：{opts['parent']}")
            try:
                org = _create_as_operator(opts, parent)
            except OrgError as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(f"已创建 {org.code} {org.name}")
        elif action == "import":
            try:
                result = orgs_import_file(opts["file"], actor=None)
            except OrgError as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            rows = [
                {
                    "code": o.code,
                    "name": o.name,
                    "level": o.level,
                    "parent": o.parent.code if o.parent_id else None,
                }
                for o in Organization.objects.select_related("parent").order_by("path")
            ]
            if opts["json"]:
                self.stdout.write(json.dumps(rows, ensure_ascii=False))
            else:
                for row in rows:
                    self.stdout.write(
                        f"{row['code']}\t{row['name']}\t{row['level']}\t{row['parent'] or ''}"
                    )


def _create_as_operator(opts, parent):
    from kesu.accounts.services import operator

    return org_create(
        actor=operator(),
        code=opts["code"],
        name=opts["name"],
        level=opts["level"],
        kind=opts["kind"],
        parent=parent,
    )
