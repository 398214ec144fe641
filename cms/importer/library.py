"""Import the rule library, cases and quizzes (content/rules, content/cases, content/quizzes).

Rules, cases and questions are snippets: each is created or updated by its stable key, and
an import writes nothing when the file and the database already agree. Each snippet keeps a
hash of what the last import wrote; one that no longer matches was edited in the admin and
is kept (reported) unless ``force``. Quizzes are pages, synced like modules (through
revisions). Everything is validated with the rule engine before anything is written.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from django.db import transaction

from courses.models import CoursePage, ModulePage
from quizzes.engine.facts import FactsError, validate_facts
from quizzes.engine.grader import grade
from quizzes.engine.plan import PlanError
from quizzes.engine.rules import RuleError, RuleSet, load_rule
from quizzes.engine.vocabulary import PLAN_SECTIONS, REQUIREMENT_SECTION
from quizzes.models import (
    AdaptationRule,
    Case,
    CaseQuestion,
    ChoiceOption,
    ChoiceQuestion,
    QuizPage,
)

from .sync import ImportReport, _block_id, _sync_page, fingerprint


def _hash(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _items_with_lines(path: Path, key: str) -> list[tuple[int, dict]]:
    """(line, item) of the list under ``key`` in a YAML file."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    node = yaml.compose(text)
    lines = []
    for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else []:
        if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
            lines = [item.start_mark.line + 1 for item in value_node.value]
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValueError(f"{path.name}: expected a top-level '{key}:' list")
    return list(zip(lines or [1] * len(items), items, strict=False))


# -- parse ------------------------------------------------------------------------------


def parse_rules(directory: Path, report: ImportReport) -> tuple[RuleSet, list[dict]]:
    """Every rule file, all or nothing per file: a file with one bad rule contributes none,
    so a half-read category never grades."""
    rules, raw = [], []
    for path in sorted(directory.glob("*.yaml")):
        try:
            items = _items_with_lines(path, "rules")
        except (ValueError, yaml.YAMLError, UnicodeDecodeError) as error:
            report.errors.append(f"content/rules/{path.name}:1: rules: {error}")
            continue
        file_rules, file_raw, problems = [], [], []
        for line, item in items:
            try:
                file_rules.append(load_rule(item))
                file_raw.append(item)
            except RuleError as error:
                problems += [
                    f"content/rules/{path.name}:{line}: {error.rule_id}.{field}: {message}"
                    for field, message in error.errors
                ]
        if problems:
            report.errors += problems
            continue
        rules += file_rules
        raw += file_raw
    try:
        return RuleSet(rules), raw
    except RuleError as error:
        report.errors.append(f"content/rules: {error}")
        return RuleSet([]), []


def parse_cases(directory: Path, rules: RuleSet, report: ImportReport) -> dict[str, dict]:
    cases = {}
    for path in sorted(directory.glob("*.yaml")):
        where = f"content/cases/{path.name}"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            validate_facts(data.get("facts"))
        except (yaml.YAMLError, AttributeError, UnicodeDecodeError) as error:
            report.errors.append(f"{where}:1: case: {error}")
            continue
        except FactsError as error:
            report.errors += [f"{where}:1: facts.{p}: {m}" for p, m in error.errors]
            continue
        case_id = data.get("case_id")
        if not case_id or not data.get("title"):
            report.errors.append(f"{where}:1: case_id/title: both are required")
            continue
        expected = data.get("expected") or {}
        if rules:
            triggered = sorted(grade(data["facts"], {}, rules).triggered_rules)
            listed = sorted(expected.get("triggered_rules") or triggered)
            if triggered != listed:
                report.errors.append(
                    f"{where}:1: expected.triggered_rules: the rules trigger {triggered}, "
                    f"the case lists {listed}"
                )
                continue
            if data.get("plan"):
                try:
                    verdict = grade(data["facts"], data["plan"], rules).verdict
                except PlanError as error:
                    report.errors.append(f"{where}:1: plan: {error}")
                    continue
                if verdict != "safe":
                    report.errors.append(f"{where}:1: plan: the expert plan grades {verdict}")
                    continue
        cases[case_id] = {"path": where, **data}
    return cases


def parse_quizzes(directory: Path, cases, rules, report) -> list[dict]:
    quizzes, keys = [], set()
    for path in sorted(directory.glob("*.yaml")):
        where = f"content/quizzes/{path.name}"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            numbered = _items_with_lines(path, "questions")
        except (ValueError, yaml.YAMLError, UnicodeDecodeError) as error:
            report.errors.append(f"{where}:1: quiz: {error}")
            continue
        problems = []
        for key in ("title", "slug", "course"):
            if not data.get(key):
                problems.append(f"{where}:1: {key}: is required")
        if not data.get("final") and not data.get("module"):
            problems.append(f"{where}:1: module: required unless final: true")
        for line, question in numbered:
            problems += _question_problems(question, f"{where}:{line}", cases, rules, keys)
        if problems:
            report.errors += problems
            continue
        quizzes.append({"path": where, **data})
    return quizzes


def _question_problems(question, where, cases, rules, keys) -> list[str]:
    key = question.get("id")
    problems = []
    if not key or key in keys:
        return [f"{where}: id: missing or used twice ({key})"]
    keys.add(key)
    if question.get("kind") == "choice":
        options = question.get("options") or []
        correct = sum(1 for o in options if o.get("correct"))
        if len(options) < 2 or not all(o.get("text") and o.get("feedback") for o in options):
            problems.append(f"{where}: {key}.options: at least two, each with text and feedback")
        if correct == 0 or (not question.get("multiple") and correct != 1):
            problems.append(f"{where}: {key}.options: mark exactly one correct option "
                            "(or several, with multiple: true)")  # fmt: skip
    elif question.get("kind") == "case_plan":
        case = cases.get(question.get("case"))
        fields = question.get("fields") or []
        if case is None:
            problems.append(
                f"{where}: {key}.case: no case '{question.get('case')}' in content/cases"
            )
        elif any(f not in PLAN_SECTIONS for f in fields):
            problems.append(f"{where}: {key}.fields: choose from {', '.join(PLAN_SECTIONS)}")
        elif rules:
            must = grade(case["facts"], {}, rules).expected["must"]
            missing = sorted({REQUIREMENT_SECTION[k] for k in must} - set(fields))
            if missing:
                problems.append(f"{where}: {key}.fields: must also ask for {', '.join(missing)} "
                                "(the case has must items there)")  # fmt: skip
    else:
        problems.append(f"{where}: {key}.kind: expected choice or case_plan")
    return problems


# -- sync -------------------------------------------------------------------------------


def _keep(obj, current: dict, report, what: str, force: bool) -> bool:
    """True if ``obj`` was edited in the admin since the last import (and not forced)."""
    if obj.import_hash and obj.import_hash != _hash(current) and not force:
        report.add("kept", f"{what}: edited in the admin since the last import")
        return True
    return False


def sync_rules(raw: list[dict], report: ImportReport, force: bool) -> None:
    """Create or update the rules of the files; when every rule file read cleanly, rules no
    longer in the files stop grading (kept, inactive: past results still name them)."""
    existing = {r.rule_id: r for r in AdaptationRule.objects.all()}
    if not any(e.startswith("content/rules/") for e in report.errors):
        removed = [
            rule
            for rule_id, rule in existing.items()
            if rule.active and rule_id not in {d["id"] for d in raw}
        ]
        for rule in removed:
            rule.active = False
            rule.save(update_fields=["active"])
        if removed:
            report.add(
                "updated", f"{len(removed)} adaptation rule(s) no longer in the files: inactive"
            )
    counts = {"created": 0, "updated": 0}
    for order, data in enumerate(raw):
        fields = {**AdaptationRule.fields_from_data(data), "sort_order": order, "active": True}
        rule = existing.get(data["id"])
        if rule is None:
            AdaptationRule.objects.create(rule_id=data["id"], import_hash=_hash(fields), **fields)
            counts["created"] += 1
            continue
        current = {name: getattr(rule, name) for name in fields}
        if current == fields or _keep(rule, current, report, f"rule {rule.rule_id}", force):
            continue
        for name, value in fields.items():
            setattr(rule, name, value)
        rule.import_hash = _hash(fields)
        rule.save()
        counts["updated"] += 1
    for action, n in counts.items():
        if n:
            report.add(action, f"{n} adaptation rule(s)")


def sync_cases(cases: dict, report: ImportReport, force: bool) -> dict[str, Case]:
    result = {}
    for case_id, data in cases.items():
        facts_yaml = yaml.safe_dump(data["facts"], sort_keys=False, allow_unicode=True, width=100)
        fields = {
            "title": data["title"], "intro": data.get("intro", ""),
            "module_slug": data.get("module", ""), "facts_yaml": facts_yaml,
            "expected": data.get("expected") or {},
            "wrong_answers": data.get("wrong_answers") or [],
            "expert_plan": data.get("plan") or {},
        }  # fmt: skip
        case = Case.objects.filter(case_id=case_id).first()
        current = {name: getattr(case, name) for name in fields} if case else None
        if case is not None and (
            current == fields or _keep(case, current, report, f"case {case_id}", force)
        ):
            result[case_id] = case
            continue
        case = case or Case(case_id=case_id)
        for name, value in fields.items():
            setattr(case, name, value)
        case.clean()  # validates the facts and makes the vignette
        case.import_hash = _hash(fields)
        case.save()
        report.add("updated" if current else "created", f"case {case_id}")
        result[case_id] = case
    return result


def _choice_snapshot(question: ChoiceQuestion) -> dict:
    return {
        "category": question.category, "prompt": question.prompt, "multiple": question.multiple,
        "teaches": question.teaches, "points": question.points,
        "options": [[o.text, o.correct, o.feedback] for o in question.options.all()],
    }  # fmt: skip


def sync_questions(quizzes, cases: dict[str, Case], report, force) -> dict[str, object]:
    questions = {}
    for quiz in quizzes:
        for data in quiz["questions"]:
            key = data["id"]
            if data["kind"] == "choice":
                questions[key] = _sync_choice(key, data, report, force)
            else:
                fields = {
                    "category": data.get("category", "cases"), "case": cases[data["case"]],
                    "prompt": data.get("prompt", "Propose a plan for today's session."),
                    "fields": data["fields"], "points": data.get("points", 3),
                }  # fmt: skip
                question = CaseQuestion.objects.filter(key=key).first()
                current = {n: getattr(question, n) for n in fields} if question else None
                snapshot = {**fields, "case": data["case"]}
                current_snapshot = {**current, "case": question.case.case_id} if current else None
                if question and (
                    current_snapshot == snapshot
                    or _keep(question, current_snapshot, report, f"question {key}", force)
                ):
                    questions[key] = question
                    continue
                question = question or CaseQuestion(key=key)
                for name, value in fields.items():
                    setattr(question, name, value)
                question.import_hash = _hash(snapshot)
                question.save()
                report.add("updated" if current else "created", f"question {key}")
                questions[key] = question
    return questions


def _stored_order(key: str, options: list) -> list:
    """Options in an order fixed by their text, not by the file: content files tend to list
    the correct answer first, and neither the stored order nor the database ids may say
    which option is right."""
    return sorted(options, key=lambda o: hashlib.sha256(f"{key}\n{o[0]}".encode()).hexdigest())


def _sync_choice(key, data, report, force) -> ChoiceQuestion:
    wanted = {
        "category": data.get("category", "general"), "prompt": data["prompt"],
        "multiple": bool(data.get("multiple")), "teaches": data.get("teaches", ""),
        "points": data.get("points", 1),
        "options": _stored_order(
            key, [[o["text"], bool(o.get("correct")), o["feedback"]] for o in data["options"]]
        ),
    }  # fmt: skip
    question = ChoiceQuestion.objects.filter(key=key).prefetch_related("options").first()
    if question is not None:
        current = _choice_snapshot(question)
        if current == wanted or _keep(question, current, report, f"question {key}", force):
            return question
    created = question is None
    question = question or ChoiceQuestion(key=key)
    for name in ("category", "prompt", "multiple", "teaches", "points"):
        setattr(question, name, wanted[name])
    question.import_hash = _hash(wanted)
    question.save()
    question.options.all().delete()
    for order, (text, correct, feedback) in enumerate(wanted["options"]):
        ChoiceOption.objects.create(
            question=question, sort_order=order, text=text, correct=correct, feedback=feedback
        )
    report.add("created" if created else "updated", f"question {key}")
    return question


def sync_quiz_pages(quizzes, questions, report, force, user) -> None:
    for quiz in quizzes:
        course = CoursePage.objects.filter(slug=quiz["course"]).first()
        if course is None:
            report.errors.append(f"{quiz['path']}:1: course: no course '{quiz['course']}'")
            continue
        parent = course
        if not quiz.get("final"):
            parent = ModulePage.objects.child_of(course).filter(slug=quiz["module"]).first()
            if parent is None:
                report.errors.append(f"{quiz['path']}:1: module: no module '{quiz['module']}'")
                continue
        stream = [
            {"type": q["kind"], "value": questions[q["id"]].pk, "id": _block_id(quiz["path"], n)}
            for n, q in enumerate(quiz["questions"])
        ]
        fields = {
            "title": quiz["title"], "intro": quiz.get("intro", ""),
            "pass_mark": quiz.get("pass_mark", 80),
            "attempts_allowed": quiz.get("attempts_allowed", 3),
            "reveal_answers": bool(quiz.get("reveal_answers", True)),
            "shuffle": bool(quiz.get("shuffle", True)), "questions": stream,
        }  # fmt: skip
        with transaction.atomic():
            _sync_page(
                parent=parent, model=QuizPage, slug=quiz["slug"], fields=fields,
                source_path=quiz["path"], digest=fingerprint(dict(quiz)),
                report=report, force=force, user=user,
            )  # fmt: skip


def library_import(*, root: Path, report: ImportReport, force: bool, user) -> None:
    """Rules, then cases (checked against the rules), then questions and quiz pages."""
    rules, raw = parse_rules(root / "rules", report)
    if not raw:
        return
    cases = parse_cases(root / "cases", rules, report)
    quizzes = parse_quizzes(root / "quizzes", cases, rules, report)
    with transaction.atomic():
        sync_rules(raw, report, force)
        case_objects = sync_cases(cases, report, force)
        questions = sync_questions(quizzes, case_objects, report, force)
    sync_quiz_pages(quizzes, questions, report, force, user)
