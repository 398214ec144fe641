import uuid

import factory
import wagtail_factories

from quizzes.models import (
    AdaptationRule,
    Case,
    CaseQuestion,
    ChoiceOption,
    ChoiceQuestion,
    QuizPage,
)


class AdaptationRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdaptationRule
        django_get_or_create = ("rule_id",)

    rule_id = factory.Sequence(lambda n: f"test-rule-{n}")
    title = "Platelets below 50,000/µL"
    category = "blood_counts"
    when = "labs.platelets_per_uL < 50000"
    must = {"max_pressure_global": 2, "md_release_required": True}
    should = {"process": ["intake"]}
    confidence = "common"
    rationale = "Low platelets make bruising and bleeding more likely."
    sources = "S20"
    teaches = "module-1#section-one"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    case_id = factory.Sequence(lambda n: f"T{n:02d}")
    title = "Ana, 58, between chemotherapy cycles"
    facts = factory.LazyFunction(
        lambda: {"service": "massage", "age": 58, "sex": "F", "labs": {"platelets_per_uL": 40000}}
    )

    @factory.post_generation
    def validated(self, create, extracted, **kwargs):
        if create:
            self.clean()
            self.save()


class ChoiceQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChoiceQuestion
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"choice-{n}")
    category = "blood-counts"
    prompt = "Platelets are 40,000/µL. What is the highest pressure level?"
    teaches = "module-1#section-one"

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if not create:
            return
        for order, (text, correct, feedback) in enumerate(
            extracted
            or [
                ("Level 2", True, "Right: below 50,000/µL strokes move skin only."),
                ("Level 4", False, "Too deep for a bleeding risk."),
                ("No massage", False, "Refusing is not expert practice here."),
            ]
        ):
            ChoiceOption.objects.create(
                question=self, sort_order=order, text=text, correct=correct, feedback=feedback
            )


class CaseQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseQuestion

    key = factory.Sequence(lambda n: f"case-{n}")
    case = factory.SubFactory(CaseFactory)
    fields = ["pressure", "md_release_required", "process"]
    points = 3


class QuizPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = QuizPage

    title = "Check your understanding"
    slug = "quiz"
    pass_mark = 80
    attempts_allowed = 2
    shuffle = False

    @classmethod
    def with_questions(cls, parent, questions, **kwargs):
        stream = [
            {
                "type": "choice" if isinstance(q, ChoiceQuestion) else "case_plan",
                "value": q.pk,
                "id": str(uuid.uuid4()),
            }
            for q in questions
        ]
        return cls(parent=parent, questions=stream, **kwargs)

    @classmethod
    def with_mixed_questions(cls, parent, count: int, **kwargs):
        """A quiz of ``count`` questions, case-plan and choice in turn (case-plan first)."""
        kinds = (CaseQuestionFactory, ChoiceQuestionFactory)
        return cls.with_questions(parent, [kinds[n % 2]() for n in range(count)], **kwargs)
