"""The admin screens of the quiz library: adaptation rules, client cases and the question
bank, as snippets (instructors edit them; ``cms.wagtail_hooks`` registers them)."""

from __future__ import annotations

from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AdaptationRule, Case, CaseQuestion, ChoiceQuestion


class AdaptationRuleViewSet(SnippetViewSet):
    model = AdaptationRule
    icon = "tasks"
    menu_label = "Adaptation rules"
    list_display = ["rule_id", "title", "category", "confidence", "active"]
    list_filter = ["category", "confidence", "active"]
    search_fields = ["rule_id", "title", "rationale"]


class CaseViewSet(SnippetViewSet):
    model = Case
    icon = "user"
    menu_label = "Client cases"
    list_display = ["case_id", "title", "module_slug"]
    search_fields = ["case_id", "title"]


class ChoiceQuestionViewSet(SnippetViewSet):
    model = ChoiceQuestion
    icon = "list-ul"
    menu_label = "Choice questions"
    list_display = ["key", "category", "prompt"]
    list_filter = ["category"]


class CaseQuestionViewSet(SnippetViewSet):
    model = CaseQuestion
    icon = "clipboard-list"
    menu_label = "Case questions"
    list_display = ["key", "category", "case"]


class QuizLibraryGroup(SnippetViewSetGroup):
    menu_label = "Quiz library"
    menu_icon = "tasks"
    menu_order = 300
    items = (AdaptationRuleViewSet, CaseViewSet, ChoiceQuestionViewSet, CaseQuestionViewSet)
