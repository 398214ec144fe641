"""Can a rule's condition ever be true? A small, sound check for ``lint_rules``.

The condition is rewritten in disjunctive normal form over its atoms (a comparison, a bare
fact, an ``any(...)``), and each conjunction is searched for a contradiction: an atom and its
negation (``any(skin, HFS)`` and ``not any(skin, HFS)``), two different values required of
one fact, a number bounded from both sides with nothing in between, or a fact required to be
both unknown and known. If every conjunction contradicts itself the condition is
unsatisfiable and the rule can never fire. The check is sound but not complete: a condition
it cannot refute is reported as reachable, and the corpus coverage check catches the rest.
"""

from __future__ import annotations

from itertools import product

from lark import Token, Tree

from .conditions import PARSER

MAX_CONJUNCTIONS = 4096


def _text(tree) -> str:
    if isinstance(tree, Token):
        return str(tree)
    if tree.data == "path":
        return ".".join(str(t) for t in tree.children)
    if tree.data in ("number", "string"):
        return str(tree.children[0])
    if tree.data in ("true", "false", "null"):
        return tree.data
    if tree.data == "list":
        return "[" + ",".join(_text(c) for c in tree.children) + "]"
    if tree.data == "call":
        name, *args = tree.children
        return f"{name}(" + ",".join(_text(a) for a in args) + ")"
    return tree.data + "(" + ",".join(_text(c) for c in tree.children) + ")"


def _dnf(tree, negate: bool = False) -> list[list[tuple[bool, object]]]:
    """A list of conjunctions; each a list of (positive, atom) literals."""
    if isinstance(tree, Tree) and tree.data == "start":
        return _dnf(tree.children[0], negate)
    if isinstance(tree, Tree) and tree.data == "neg":
        return _dnf(tree.children[0], not negate)
    if isinstance(tree, Tree) and tree.data in ("or_", "and_"):
        parts = [_dnf(c, negate) for c in tree.children]
        conjunctive = (tree.data == "and_") != negate
        if not conjunctive:
            return [conj for part in parts for conj in part]
        result = []
        for combination in product(*parts):
            result.append([lit for conj in combination for lit in conj])
            if len(result) > MAX_CONJUNCTIONS:
                raise OverflowError
        return result
    if isinstance(tree, Tree) and tree.data == "comparison" and len(tree.children) > 3:
        operands, ops = tree.children[0::2], tree.children[1::2]
        pairs = [Tree("comparison", [operands[i], op, operands[i + 1]]) for i, op in enumerate(ops)]
        return _dnf(Tree("and_", pairs), negate)
    return [[(not negate, tree)]]


def _comparison(atom) -> tuple[str, str, object] | None:
    """(fact, operator, value) for ``fact <op> literal`` (either order), else None."""
    if not (isinstance(atom, Tree) and atom.data == "comparison" and len(atom.children) == 3):
        return None
    left, op, right = atom.children
    op = str(op).strip()
    flip = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}

    def literal(tree):
        if not isinstance(tree, Tree):
            return None
        if tree.data == "number":
            text = str(tree.children[0])
            return ("value", float(text))
        if tree.data == "string":
            return ("value", str(tree.children[0])[1:-1])
        if tree.data == "null":
            return ("value", None)
        if tree.data in ("true", "false"):
            return ("value", tree.data == "true")
        if tree.data == "path" and len(tree.children) == 1:
            return ("word", str(tree.children[0]))
        return None

    if isinstance(left, Tree) and left.data == "path" and len(left.children) > 1:
        value = literal(right)
        return (_text(left), op, value[1]) if value else None
    if isinstance(right, Tree) and right.data == "path" and len(right.children) > 1 and op in flip:
        value = literal(left)
        return (_text(right), flip[op], value[1]) if value else None
    return None


def _contradicts(conjunction: list[tuple[bool, object]]) -> bool:
    seen: dict[str, bool] = {}
    equal: dict[str, object] = {}
    unequal: dict[str, set] = {}
    low: dict[str, tuple[float, bool]] = {}
    high: dict[str, tuple[float, bool]] = {}
    for positive, atom in conjunction:
        key = _text(atom)
        if seen.get(key, positive) != positive:
            return True
        seen[key] = positive
        parsed = _comparison(atom)
        if parsed is None:
            continue
        fact, op, value = parsed
        if not positive:
            if op in ("==", "!="):
                op = "!=" if op == "==" else "=="
            elif value is None:
                continue
            else:
                continue  # "not x < 5" also holds when x is unknown: no bound
        if op == "==":
            if fact in equal and equal[fact] != value:
                return True
            if value in unequal.get(fact, ()):
                return True
            equal[fact] = value
        elif op == "!=":
            if fact in equal and equal[fact] == value:
                return True
            unequal.setdefault(fact, set()).add(value)
        elif isinstance(value, float):
            strict = op in ("<", ">")
            if op in ("<", "<="):
                if fact not in high or (value, strict) < high[fact]:
                    high[fact] = (value, strict)
            elif fact not in low or (value, not strict) > low[fact]:
                low[fact] = (value, strict)
            if equal.get(fact, 0) is None:
                return True  # a comparison with an unknown fact is false
        if fact in low and fact in high:
            (lo, lo_strict), (hi, hi_strict) = low[fact], high[fact]
            if lo > hi or (lo == hi and (lo_strict or hi_strict)):
                return True
        if fact in equal and isinstance(equal[fact], float):
            v = equal[fact]
            if fact in low and (v < low[fact][0] or (v == low[fact][0] and low[fact][1])):
                return True
            if fact in high and (v > high[fact][0] or (v == high[fact][0] and high[fact][1])):
                return True
        if equal.get(fact, 0) is None and (fact in low or fact in high):
            return True
    return False


def unsatisfiable(source: str) -> bool:
    """True when the condition can be shown never to hold."""
    try:
        conjunctions = _dnf(PARSER.parse(source))
    except OverflowError:
        return False
    return all(_contradicts(conjunction) for conjunction in conjunctions)
