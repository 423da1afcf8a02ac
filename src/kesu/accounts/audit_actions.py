"""Audit actions of accounts, with their Chinese labels (read by kesu.audit.registry)."""

from kesu.accounts.models import ApiToken, User
from kesu.audit.registry import model_choices, model_fields

ACTIONS = {
    "user.create": "新建用户",
    "user.update": "修改用户",
    "token.create": "生成令牌",
    "token.revoke": "吊销令牌",
}
TARGETS = {"user": "用户", "api_token": "API令牌"}
FIELDS = model_fields(User, ApiToken) | {
    "username": "用户名",
    "is_active": "启用",
    "password": "密码",
    "last_login": "上次登录",
    "email": "电子邮箱",
    "first_name": "名",
    "last_name": "姓",
    "date_joined": "注册时间",
}
VALUES = model_choices(User, ApiToken)
