"""Two versions of a client case compared in the words its readers use.

Wagtail's revision comparison shows a change to a model field it knows; a case's facts are
edited in the case editor's generated panels and its expert plan in the plan form, which are
no model fields of the edit form, so Wagtail would show neither. The case editor's check
panel (``CaseCheckPanel``) offers these two rows instead:

- **the facts as learners read them**: the vignette made from each version's facts, section
  by section, a changed line shown as Wagtail shows changed text;
- **the expert plan as the plan form shows it**: each answered question and its answers.

Each row has the interface Wagtail's compare view reads: ``field_label``, ``htmldiff``,
``has_changed``, ``is_field`` and ``is_child_relation``.
"""

from __future__ import annotations

import difflib

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.admin.compare import TextDiff, diff_text

from quizzes.engine.vignette import vignette

from .forms import PlanForm, plan_in_words

LINE_BREAK = mark_safe("<br>")


def line_diff(old: list[str], new: list[str]) -> list[str]:
    """HTML for each line of two versions of a list of lines: kept lines as they are, a line
    rewritten with its words marked, removed and added lines marked as a whole."""
    html = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        if op == "equal":
            html += [TextDiff([("equal", line)]).to_html() for line in old[i1:i2]]
        elif op == "replace" and i2 - i1 == j2 - j1:
            html += [diff_text(a, b).to_html() for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
        else:
            html += [TextDiff([("deletion", line)]).to_html() for line in old[i1:i2]]
            html += [TextDiff([("addition", line)]).to_html() for line in new[j1:j2]]
    return html


class CaseComparison:
    """One row of the comparison: the groups of lines (heading -> lines) of each version;
    only the groups that changed are shown."""

    is_field = True
    is_child_relation = False
    label = ""

    def __init__(self, case_a, case_b):
        self.case_a, self.case_b = case_a, case_b
        self.a, self.b = self.groups(case_a), self.groups(case_b)

    def groups(self, case) -> dict[str, list[str]]:
        raise NotImplementedError

    def field_label(self) -> str:
        return self.label

    def has_changed(self) -> bool:
        return self.a != self.b

    def htmldiff(self):
        changed = [
            (heading, format_html_join(LINE_BREAK, "{}", ((line,) for line in line_diff(old, new))))
            for heading, old, new in self._pairs()
            if old != new
        ]
        return format_html(
            '<dl class="comparison__list">{}</dl>{}',
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", changed),
            self.note(),
        )

    def _pairs(self):
        """Each heading of either version, with its lines in the one and the other."""
        for heading in dict.fromkeys([*self.a, *self.b]):
            yield heading, self.a.get(heading, []), self.b.get(heading, [])

    def note(self) -> str:
        return ""


class FactsComparison(CaseComparison):
    label = "Facts, as learners read them"

    def groups(self, case) -> dict[str, list[str]]:
        # Every saved version's facts passed the engine's validation (the case form's clean).
        return {section.heading: list(section.lines) for section in vignette(case.facts or {})}


class ExpertPlanComparison(CaseComparison):
    label = "Expert plan"

    def groups(self, case) -> dict[str, list[str]]:
        return {
            question: [answer]
            for question, answer in plan_in_words(case.expert_plan, case.facts).items()
        }

    def has_changed(self) -> bool:
        return (self.case_a.expert_plan or {}) != (self.case_b.expert_plan or {})

    def note(self):
        """Say so when what changed lies in parts of the plan the plan form does not show."""
        old, new = self.case_a.expert_plan or {}, self.case_b.expert_plan or {}
        hidden = sorted(
            key
            for key in {*old, *new}
            if old.get(key) != new.get(key) and key not in PlanForm.PLAN_KEYS
        )
        if not hidden:
            return ""
        return format_html(
            '<p class="help-block help-warning">Also changed, in parts of the stored plan the'
            " plan form does not show: {}.</p>",
            ", ".join(hidden),
        )
