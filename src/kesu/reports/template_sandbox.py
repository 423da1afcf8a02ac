"""The Jinja2 environment that renders user-uploaded Word templates.

An uploaded template is code written by a user, so it runs in Jinja2's immutable sandbox
with no globals, a short list of filters and tests, and only plain data in its context.
On top of the sandbox, every template source is checked before it compiles (body,
headers, footers, footnotes and document properties alike, at upload and at every render):
only the documented variables, their two fields, the loop's counters, `for`, `if`, a
handful of filters and tests, constants and comparisons. Anything else — attribute walks,
calls, `self`, `lipsum`, `cycler`, `namespace`, `set`, macros, includes — is refused with a
Chinese message, so a template stored before this check cannot run either.
"""

from __future__ import annotations

from typing import Any

from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

VARIABLES = ("title", "opening", "sections", "org_name", "period", "signed_on")
FIELDS = ("heading", "paragraphs")  # of each item of `sections`
LOOP_FIELDS = ("index", "index0", "revindex", "revindex0", "first", "last", "length")
FILTERS = ("default", "join", "length", "first", "last", "trim", "truncate", "e", "escape")
TESTS = ("defined", "undefined", "none", "even", "odd")
MAX_LOOP_DEPTH = 2  # sections, then each section's paragraphs
MAX_LOOPS = 50

_PLAIN_NODES = (
    nodes.Template,
    nodes.Output,
    nodes.TemplateData,
    nodes.Const,
    nodes.If,
    nodes.CondExpr,
    nodes.Compare,
    nodes.Operand,
    nodes.And,
    nodes.Or,
    nodes.Not,
    nodes.Concat,
    nodes.Add,
    nodes.Sub,
    nodes.Neg,
    nodes.Pos,
    nodes.Keyword,
)
_LABELS = {
    nodes.Call: "函数或方法调用",
    nodes.Macro: "宏（macro）",
    nodes.CallBlock: "call 块",
    nodes.Include: "引用其他模板",
    nodes.Import: "引用其他模板",
    nodes.FromImport: "引用其他模板",
    nodes.Extends: "继承其他模板",
    nodes.Block: "block 块",
    nodes.Assign: "赋值（set）",
    nodes.AssignBlock: "赋值（set）",
    nodes.With: "with 块",
    nodes.FilterBlock: "filter 块",
    nodes.Mul: "乘法",
    nodes.Pow: "乘方",
    nodes.Div: "除法",
    nodes.FloorDiv: "除法",
    nodes.Mod: "取余或字符串格式化",
    nodes.Slice: "切片",
    nodes.Dict: "字典",
    nodes.List: "列表",
    nodes.Tuple: "元组",
}


class TemplateRefused(ValueError):
    """The template uses something outside the documented variables, filters and tags."""


def _refuse(node: nodes.Node, what: str) -> TemplateRefused:
    line = getattr(node, "lineno", None)
    return TemplateRefused(f"模板中不允许使用{what}" + (f"（第{line}段附近）" if line else ""))


def check_tree(tree: nodes.Template) -> None:
    """Raise TemplateRefused unless every node of the template is on the allowed list."""
    loops = [0]

    def visit(node: nodes.Node, bound: frozenset[str], depth: int) -> None:
        if isinstance(node, nodes.For):
            loops[0] += 1
            if depth >= MAX_LOOP_DEPTH or loops[0] > MAX_LOOPS or node.recursive:
                raise _refuse(node, f"超过{MAX_LOOP_DEPTH}层或{MAX_LOOPS}个的循环")
            if not isinstance(node.target, nodes.Name) or node.target.name in VARIABLES:
                raise _refuse(node, "这种循环变量（只能是一个新名字，如 section、text）")
            visit(node.iter, bound, depth)
            inner = bound | {node.target.name, "loop"}
            for child in (*node.body, *node.else_, *([node.test] if node.test else [])):
                visit(child, inner, depth + 1)
            return
        if isinstance(node, nodes.Name):
            if node.ctx != "load" or (node.name not in VARIABLES and node.name not in bound):
                allowed = "、".join(VARIABLES)
                raise TemplateRefused(f"模板使用了未知的变量：{node.name}（可用：{allowed}）")
        elif isinstance(node, nodes.Getattr):
            _check_field(node, node.attr, node.node)
        elif isinstance(node, nodes.Getitem):
            key = node.arg.value if isinstance(node.arg, nodes.Const) else None
            if isinstance(key, str):
                _check_field(node, key, node.node)
            elif not isinstance(key, int) or isinstance(key, bool):
                raise _refuse(node, "这种下标（只能是整数或字段名）")
        elif isinstance(node, nodes.Filter):
            if node.name not in FILTERS or node.dyn_args or node.dyn_kwargs:
                raise _refuse(node, f"过滤器“{node.name}”（可用：{'、'.join(FILTERS)}）")
        elif isinstance(node, nodes.Test):
            if node.name not in TESTS or node.dyn_args or node.dyn_kwargs:
                raise _refuse(node, f"判断“{node.name}”（可用：{'、'.join(TESTS)}）")
        elif isinstance(node, nodes.Const):
            if not isinstance(node.value, str | int | float | bool | type(None)):
                raise _refuse(node, "这种常量")
        elif not isinstance(node, _PLAIN_NODES):
            raise _refuse(node, _LABELS.get(type(node), f"“{type(node).__name__}”语法"))
        for child in node.iter_child_nodes():
            visit(child, bound, depth)

    visit(tree, frozenset(), 0)


def _check_field(node: nodes.Node, name: str, owner: nodes.Node) -> None:
    on_loop = isinstance(owner, nodes.Name) and owner.name == "loop"
    if name not in (LOOP_FIELDS if on_loop else FIELDS):
        allowed = "、".join(f"loop.{f}" for f in LOOP_FIELDS) if on_loop else "heading、paragraphs"
        raise _refuse(node, f"“{name}”（可用：{allowed}）")


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, globals-free, and checking every source it parses (see the module doc)."""

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self.globals.clear()
        self.filters = {name: self.filters[name] for name in FILTERS}
        self.tests = {name: self.tests[name] for name in TESTS}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        check_tree(tree)
        return tree


def plain(value: Any) -> Any:
    """`value` as plain data (str, int, float, bool, None, lists and dicts of them): a model
    instance or a callable in a template's context would be a way out of the sandbox."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    raise TypeError(f"not plain template data: {type(value).__name__}")
