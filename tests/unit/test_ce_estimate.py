"""The CE estimate (``courses.estimates``): stated minutes, the content's minutes and the
minimum study time, each compared with the approved hours. Pure arithmetic, no database."""

from decimal import Decimal

import pytest

from courses.estimates import AssessmentTime, CEEstimate

QUIZZES = AssessmentTime(module_quizzes=Decimal("45"), final=Decimal("30"))


def estimate(**changes) -> CEEstimate:
    # 18,000 words (90 minutes of reading), 45 minutes of module quizzes, a 30-minute final:
    # 165 minutes of content; the modules state 135 minutes, plus the final, 165.
    values = {
        "words": 18_000,
        "media_minutes": 0,
        "module_minutes": 135,
        "study_minutes": 135,
        "assessment": QUIZZES,
    }
    return CEEstimate(**(values | changes))


def test_the_content_counts_reading_media_and_quizzes():
    figures = estimate(media_minutes=15)
    assert (figures.reading_minutes, figures.assessment_minutes) == (90, 75)
    assert figures.content_minutes == 90 + 15 + 75
    assert figures.hours == Decimal("3.00")


def test_hours_that_agree_raise_nothing():
    # 165 stated minutes support 2.75 CEs (2.75 h = 165 minutes exactly).
    assert estimate().disagreements(Decimal("2.75")) == []


@pytest.mark.parametrize("approved", ["3.0", "2.5"])
def test_stated_minutes_must_match_the_approval_to_the_quarter_hour(approved):
    problems = estimate().disagreements(Decimal(approved))
    assert any("The modules state 135 minutes and the final assessment 30" in p for p in problems)


def test_too_little_required_study_is_flagged():
    problems = estimate(study_minutes=60).disagreements(Decimal("2.75"))
    assert [p for p in problems if "minimum study times add up to 60 minutes" in p]


def test_content_thinner_than_the_approval_is_flagged():
    # 6,000 words are 30 minutes of reading; with 75 minutes of quizzes, 105 minutes.
    problems = estimate(words=6_000).disagreements(Decimal("2.75"))
    assert problems == [
        "The content supports 1.75 CEs (105 minutes of reading, media and quizzes), fewer"
        " than the 2.75 approved: check the approval before issuing certificates."
    ]


def test_no_approval_no_warnings():
    assert estimate(words=0).disagreements(None) == []
