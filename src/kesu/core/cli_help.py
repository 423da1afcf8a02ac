"""The operator commands speak Chinese: help, usage and argument errors.

Every `kesu` command subclasses ``KesuCommand``. Its parser lists the command's own options
first (Django's formatter already orders them so) and Django's common options after them, all
described in Chinese, and it turns argparse's English refusals into Chinese ones. The overview
printed by ``kesu``/``kesu --help`` is built here from the same commands' ``help`` texts.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

# Django's common options, described in Chinese.
_BASE_HELP = {
    "-h": "显示本帮助并退出",
    "--version": "显示 Django 版本并退出",
    "-v": "输出详细程度：0 最少，1 正常，2 详细，3 非常详细",
    "--settings": "设置模块（默认 kesu.settings，一般无需指定）",
    "--pythonpath": "追加到 Python 路径的目录（一般无需指定）",
    "--traceback": "出错时显示完整的调用栈（排查问题用）",
    "--no-color": "输出不带颜色",
    "--force-color": "强制输出带颜色",
    "--skip-checks": "跳过系统检查",
}

# argparse's refusals -> Chinese (pattern over the English text, replacement).
_ERRORS = [
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必需的参数：\1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数：\1"),
    (
        re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"),
        r"参数 \1 的取值 \2 无效，可选：\3",
    ),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.+)"), r"参数 \1 的取值 \3 无效"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 需要一个取值"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"参数 \1 不能与 \2 同时使用"),
]


def chinese_error(message: str) -> str:
    message = message.replace("argument action:", "argument 子命令:")
    for pattern, replacement in _ERRORS:
        if pattern.search(message):
            return pattern.sub(replacement, message)
    return message


class ChineseHelpFormatter(DjangoHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：")


def localise(parser: argparse.ArgumentParser) -> None:
    """Chinese titles, option help and errors, on a parser and its sub-command parsers."""
    parser.formatter_class = ChineseHelpFormatter
    parser._positionals.title = "参数"
    parser._optionals.title = "选项"
    original_error = parser.error

    def error(message: str) -> Any:
        if not getattr(parser, "called_from_command_line", True):
            return original_error(chinese_error(message))  # CommandError for call_command
        parser.print_usage(sys.stderr)
        parser.exit(2, f"{parser.prog}：{chinese_error(message)}\n")

    parser.error = error  # type: ignore[method-assign]
    for action in parser._actions:
        for option in action.option_strings:
            if option in _BASE_HELP:
                action.help = _BASE_HELP[option]
        if isinstance(action, argparse._SubParsersAction):
            action.title = "子命令"
            for sub in action.choices.values():
                localise(sub)


class KesuCommand(BaseCommand):
    """Base of every `kesu` command: Chinese help and errors, and (unless ``needs_database`` is
    false: commands that create their database) a plain answer when there is no database."""

    needs_database = True

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            if self.needs_database:
                from kesu.core.dbcheck import missing_database

                problem = missing_database()
                if problem:
                    raise CommandError(problem, returncode=2)
            return super().execute(*args, **options)
        except CommandError as exc:
            # From a terminal: "错误：…" rather than Django's "CommandError: …" (no traceback
            # unless --traceback); called from code (tests, call_command) the error propagates.
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            self.stderr.write(f"错误：{exc}")
            sys.exit(exc.returncode)

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> Any:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        localise(parser)
        return parser


def overview(commands: dict[str, str]) -> str:
    """The text of `kesu`/`kesu --help`: kesu's own commands first, each with its help."""
    width = max(len(name) for name in commands) + 2
    lines = [
        "科素（kesu）运维命令",
        "",
        "用法：kesu <命令> [选项]    每个命令的说明：kesu <命令> --help",
        "",
    ]
    lines += ["命令："]
    lines += [f"  {name.ljust(width)}{text}" for name, text in sorted(commands.items())]
    lines += [
        "",
        "首次使用：kesu serve --demo（创建数据库和演示数据并启动服务）。",
        "数据位置：环境变量 KESU_DATA_DIR（默认 ./kesu-data）或 KESU_DATABASE_URL（PostgreSQL）。",
        "Django 自带的管理命令：kesu manage help",
    ]
    return "\n".join(lines)
