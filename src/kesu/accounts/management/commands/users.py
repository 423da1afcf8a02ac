import secrets

from django.core.management.base import CommandError

from kesu.accounts.models import User
from kesu.accounts.services import (
    AccountError,
    member_by_id_number,
    operator,
    token_create,
    user_create,
)
from kesu.core.cli_help import KesuCommand
from kesu.orgs.models import Organization


class Command(KesuCommand):
    help = "用户：create / token"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="创建用户")
        create.add_argument("--username", required=True)
        create.add_argument("--org", default="", help="所属组织编码（平台管理员可省略）")
        create.add_argument("--role", default="viewer", help="admin / staff / viewer / member")
        create.add_argument("--password", default="", help="至少12位；省略时自动生成并打印")
        create.add_argument("--name", default="", help="姓名")
        create.add_argument("--superuser", action="store_true", help="平台管理员")
        create.add_argument(
            "--member-id-number", default="", help="对应会员的完整身份证号（仅 member 角色）"
        )
        token = sub.add_parser("token", help="为用户生成新的API令牌并打印")
        token.add_argument("username")
        token.add_argument("--name", default="命令行生成")

    def handle(self, *args, **opts):
        if opts["action"] == "create":
            org = None
            if opts["org"]:
                org = Organization.objects.filter(code=opts["org"]).first()
                if org is None:
                    raise CommandError(f"组织编码不存在：{opts['org']}")
            elif not opts["superuser"]:
                raise CommandError("请用 --org 指定所属组织（或用 --superuser 创建平台管理员）")
            password = opts["password"] or secrets.token_urlsafe(12)
            try:
                member = member_by_id_number(operator(), opts["member_id_number"])
                user = user_create(
                    actor=None,
                    username=opts["username"],
                    org=org,
                    role=opts["role"],
                    password=password,
                    display_name=opts["name"],
                    is_superuser=opts["superuser"],
                    member=member,
                )
            except AccountError as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(f"已创建用户 {user.username}（{user.get_role_display()}）")
            if member is not None:
                self.stdout.write(f"对应会员：{member}")
            if not opts["password"]:
                self.stdout.write(f"密码：{password}")
        else:
            user = User.objects.filter(username=opts["username"]).first()
            if user is None:
                raise CommandError(f"用户不存在：{opts['username']}")
            _token, plain = token_create(user=user, name=opts["name"])
            self.stdout.write(plain)
