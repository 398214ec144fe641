"""The rule-condition language: parsed with lark, checked against the fact vocabulary when a
rule is loaded, evaluated without ``eval``.

Why not a library evaluator: rule-engine (the obvious candidate) raises on ``null < 50000``
instead of answering false, and the catalogue's central convention is that a comparison with
an unknown fact is false unless the rule tests for null. So a maintained parser (lark) reads
the readable pseudo-code of RULES.md, and the ~150 lines below give it exactly those
semantics.

    20000 <= labs.platelets_per_uL < 50000
    any(radiation, type == external and (status == ongoing or days_since_last <= 28))
    'egfr_inhibitor' in targeted.classes or meds.anticoagulant != null
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedInput

from .facts import DERIVED_PREDICATES, FACTS, Spec
from .vocabulary import (
    ALL_SERVICES,
    ATOMIC_REGIONS,
    BONE_SITES,
    LIMBS,
    LYMPH_BASINS,
    POSITIONS,
    TECHNIQUES,
)

GRAMMAR = r"""
start: expr
?expr: or_
?or_: and_ ("or" and_)*
?and_: not_ ("and" not_)*
?not_: "not" not_ -> neg
     | comparison
?comparison: operand (COMP operand)*
COMP: "<=" | ">=" | "==" | "!=" | "<" | ">" | /in\b/
?operand: NUMBER -> number
        | STRING -> string
        | "true" -> true
        | "false" -> false
        | "null" -> null
        | "[" [expr ("," expr)*] "]" -> list
        | NAME "(" [expr ("," expr)*] ")" -> call
        | NAME ("." NAME)* -> path
        | "(" expr ")"
NUMBER: /-?\d+(\.\d+)?/
STRING: /'[^']*'/ | /"[^"]*"/
NAME: /[A-Za-z_][A-Za-z0-9_]*/
COMMENT: /#[^\n]*/
%import common.WS
%ignore WS
%ignore COMMENT
"""

PARSER = Lark(GRAMMAR, parser="lalr", maybe_placeholders=False)


class ConditionError(ValueError):
    """A condition that does not parse or names something outside the vocabulary."""


def _vocabulary_values() -> frozenset[str]:
    values: set[str] = set()

    def walk(spec: Spec) -> None:
        values.update(spec.values)
        for child in (spec.fields or {}).values():
            walk(child)
        if spec.item:
            walk(spec.item)

    walk(FACTS)
    values.update(ATOMIC_REGIONS, BONE_SITES, LIMBS, LYMPH_BASINS, POSITIONS, TECHNIQUES)
    values.update(ALL_SERVICES)
    return frozenset(values)


VALUES = _vocabulary_values()

# The parts of a plan that a plan-dependent rule may read.
PLAN_FIELDS = (
    "techniques",
    "excluded_techniques",
    "products_used",
    "postpone",
    "avoid_sites",
    "md_release_required",
)


@dataclass
class Scope:
    item: Spec | None = None
    parent: Scope | None = None


@dataclass
class Context:
    facts: dict
    derived: dict
    plan: dict = field(default_factory=dict)
    items: tuple = ()


Evaluator = Callable[[Context], Any]

_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _compare(op: str, left: Any, right: Any, tests_null: bool) -> bool:
    if op == "in":
        return left is not None and isinstance(right, list | tuple | set) and left in right
    if tests_null:  # `x == null` / `x != null`: the only questions about unknown facts
        return (
            (left is None and right is None) if op == "==" else not (left is None and right is None)
        )
    if left is None or right is None:
        return False
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    try:
        return _ORDER[op](left, right)
    except TypeError:
        return False


class _Compiler:
    def __init__(self, allow_plan: bool):
        self.allow_plan = allow_plan
        self.uses_plan = False
        self.reads_postpone_required = False

    def compile(self, tree, scope: Scope) -> Evaluator:
        method = getattr(self, f"_{tree.data}" if isinstance(tree, Tree) else "_token")
        return method(tree, scope)

    def _start(self, tree, scope):
        return self.compile(tree.children[0], scope)

    def _or_(self, tree, scope):
        parts = [self.compile(c, scope) for c in tree.children]
        if len(parts) == 2:
            first, second = parts
            return lambda ctx: bool(first(ctx)) or bool(second(ctx))
        return lambda ctx: any(bool(p(ctx)) for p in parts)

    def _and_(self, tree, scope):
        parts = [self.compile(c, scope) for c in tree.children]
        if len(parts) == 2:
            first, second = parts
            return lambda ctx: bool(first(ctx)) and bool(second(ctx))
        return lambda ctx: all(bool(p(ctx)) for p in parts)

    def _neg(self, tree, scope):
        inner = self.compile(tree.children[0], scope)
        return lambda ctx: not bool(inner(ctx))

    def _comparison(self, tree, scope):
        operands = [self.compile(c, scope) for c in tree.children[0::2]]
        ops = [str(t).strip() for t in tree.children[1::2]]
        nulls = [isinstance(c, Tree) and c.data == "null" for c in tree.children[0::2]]
        for index, op in enumerate(ops):
            if op not in ("==", "!=") and (nulls[index] or nulls[index + 1]):
                raise ConditionError(f"only == and != can compare with null, not {op}")

        if len(ops) == 1:
            left, right = operands
            op, tests_null = ops[0], nulls[0] or nulls[1]
            return lambda ctx: _compare(op, left(ctx), right(ctx), tests_null)

        def evaluate(ctx):
            values = [o(ctx) for o in operands]
            return all(
                _compare(op, values[i], values[i + 1], nulls[i] or nulls[i + 1])
                for i, op in enumerate(ops)
            )

        return evaluate

    def _number(self, tree, scope):
        text = str(tree.children[0])
        value = float(text) if "." in text else int(text)
        return lambda ctx: value

    def _string(self, tree, scope):
        value = str(tree.children[0])[1:-1]
        return lambda ctx: value

    def _true(self, tree, scope):
        return lambda ctx: True

    def _false(self, tree, scope):
        return lambda ctx: False

    def _null(self, tree, scope):
        return lambda ctx: None

    def _list(self, tree, scope):
        items = [self.compile(c, scope) for c in tree.children]
        return lambda ctx: [i(ctx) for i in items]

    def _call(self, tree, scope):
        name, *args = tree.children
        name = str(name)
        if name == "any":
            if len(args) != 2:
                raise ConditionError("any() takes a list and a condition: any(list, condition)")
            items, item_spec = self._list_path(args[0], scope, "any")
            condition = self.compile(args[1], Scope(item=item_spec, parent=scope))

            def any_(ctx):
                return any(
                    bool(condition(Context(ctx.facts, ctx.derived, ctx.plan, (*ctx.items, item))))
                    for item in items(ctx) or []
                )

            return any_
        if name == "count":
            if len(args) != 1:
                raise ConditionError("count() takes one list")
            values = self.compile(args[0], scope)
            return lambda ctx: len(values(ctx) or [])
        if name == "overlaps":
            if len(args) != 2:
                raise ConditionError("overlaps() takes two lists")
            left, right = (self.compile(a, scope) for a in args)
            return lambda ctx: bool(set(left(ctx) or []) & set(right(ctx) or []))
        raise ConditionError(f"unknown function '{name}'; use any(), count() or overlaps()")

    def _list_path(self, tree, scope, function):
        if not (isinstance(tree, Tree) and tree.data == "path"):
            raise ConditionError(f"the first argument of {function}() must be a list of facts")
        names = [str(t) for t in tree.children]
        spec, getter = self._resolve(names, scope)
        if spec is None or spec.kind != "list" or spec.item.kind != "object":
            raise ConditionError(f"'{'.'.join(names)}' is not a list of records")
        return getter, spec.item

    def _path(self, tree, scope):
        names = [str(t) for t in tree.children]
        return self._resolve(names, scope)[1]

    def _resolve(self, names: list[str], scope: Scope):
        """(spec or None, getter) for a dotted name, searching item scopes, facts, derived
        predicates, the plan, then vocabulary values."""
        first, rest = names[0], names[1:]
        depth = 0
        current: Scope | None = scope
        while current is not None:
            if current.item is not None and first in current.item.fields:
                spec = current.item.fields[first]
                spec = self._walk(spec, rest, names)
                index = self._item_depth(scope) - depth - 1

                dig = _digger(names)

                def from_item(ctx, index=index, dig=dig):
                    return dig(ctx.items[index])

                return spec, from_item
            if current.item is not None:
                depth += 1
            current = current.parent
        if first in FACTS.fields:
            spec = self._walk(FACTS.fields[first], rest, names)
            dig = _digger(names)
            return spec, lambda ctx: dig(ctx.facts)
        if first in DERIVED_PREDICATES and not rest:
            if first == "postpone_required":
                self.reads_postpone_required = True
            return None, lambda ctx: ctx.derived.get(first)
        if first == "plan" and len(rest) == 1:
            if not self.allow_plan:
                raise ConditionError("this rule reads the plan: mark it plan_dependent")
            if rest[0] not in PLAN_FIELDS:
                raise ConditionError(f"plan.{rest[0]} cannot be read; use {', '.join(PLAN_FIELDS)}")
            self.uses_plan = True
            return None, lambda ctx: ctx.plan.get(rest[0])
        if not rest and first in VALUES:
            return None, lambda ctx: first
        raise ConditionError(f"unknown fact or value '{'.'.join(names)}'")

    @staticmethod
    def _item_depth(scope: Scope) -> int:
        depth, current = 0, scope
        while current is not None:
            depth += current.item is not None
            current = current.parent
        return depth

    @staticmethod
    def _walk(spec: Spec, rest: list[str], names: list[str]) -> Spec:
        for name in rest:
            if spec.kind != "object" or name not in spec.fields:
                raise ConditionError(f"unknown fact '{'.'.join(names)}'")
            spec = spec.fields[name]
        return spec

    def _token(self, token: Token, scope):
        raise ConditionError(f"unexpected '{token}'")


def _digger(names: list[str]) -> Callable[[Any], Any]:
    """A getter for a dotted path, unrolled for the usual one and two steps (conditions are
    evaluated for every rule on every grading, so this is the engine's hottest code)."""
    if len(names) == 1:
        (first,) = names
        return lambda data: data.get(first) if isinstance(data, dict) else None
    if len(names) == 2:
        first, second = names

        def two(data):
            inner = data.get(first) if isinstance(data, dict) else None
            return inner.get(second) if isinstance(inner, dict) else None

        return two
    return lambda data: _dig(data, names)


def _dig(data: Any, names: list[str]) -> Any:
    for name in names:
        if not isinstance(data, dict):
            return None
        data = data.get(name)
    return data


@dataclass(frozen=True)
class Condition:
    """A compiled condition: call it with a ``Context``."""

    source: str
    evaluate: Evaluator
    uses_plan: bool
    reads_postpone_required: bool

    def __call__(self, ctx: Context) -> bool:
        return bool(self.evaluate(ctx))


def compile_condition(source: str, *, allow_plan: bool = False) -> Condition:
    """Parse and check ``source``. Raises ConditionError saying where and what is wrong."""
    if not isinstance(source, str) or not source.strip():
        raise ConditionError("the condition is empty")
    try:
        tree = PARSER.parse(source)
    except UnexpectedInput as error:
        raise ConditionError(
            f"cannot parse at column {error.column}: {error.get_context(source).strip()!r}"
        ) from error
    except LarkError as error:
        raise ConditionError(f"cannot parse: {error}") from error
    compiler = _Compiler(allow_plan)
    evaluate = compiler.compile(tree, Scope())
    return Condition(source, evaluate, compiler.uses_plan, compiler.reads_postpone_required)
