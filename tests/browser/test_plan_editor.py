"""The plan editor in a browser: every case question of the shipped course fits a phone before
any group is opened, the body map drives the list, the N05 expert plan is entered with the
keyboard alone, and a keyboard-only learner gets a case question graded.

The measures are printed (run with -s to see them); the targets are asserted."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cms.importer.run import content_import
from courses.models import CoursePage
from courses.services import enrolment_create
from quizzes.models import Attempt, CaseQuestion, QuizPage
from tests.browser.photos import photograph
from tests.browser.plans import fill_plan, form_values, keyboard_fill, keyboard_targets
from tests.browser.test_quiz_journey import expert_plan
from tests.factories import LearnerFactory
from tests.factories.accounts import PASSWORD
from tests.factories.progress import complete_modules

ROOT = Path(__file__).parents[2]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MAX_CONTROLS, MAX_SCREENS = 60, 4

# The visible, enabled controls of one question, and its height.
MEASURE = """(section) => {
  const controls = [...section.querySelectorAll("input, select, textarea, button")].filter(
    (el) => el.type !== "hidden" && !el.disabled && el.checkVisibility({visibilityProperty: true})
  );
  return {controls: controls.length, height: Math.round(section.getBoundingClientRect().height)};
}"""


@pytest.fixture
def learner_page(page: Page, live_site):
    assert content_import(root=ROOT / "content").ok
    learner = LearnerFactory()
    enrolment_create(user=learner, course=CoursePage.objects.get(slug="oncology-care"))
    page.goto(live_site + "/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page, learner


def start(page: Page, live_site: str, quiz: QuizPage) -> None:
    page.goto(live_site + quiz.url)
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.locator("form.quiz-form")).to_be_visible()
    page.wait_for_load_state("load")  # the plan script has run


def case_section(page: Page, key: str):
    return page.locator("section.question").filter(has=page.locator(f'[name^="q-{key}-"]'))


def nav_link(number: int) -> str:
    """The navigator's link to question ``number`` (with the script, it shows that question)."""
    return f".quiz-nav__link[data-question='{number}']"


def show_question(page: Page, attempt: Attempt, key: str):
    """Show the question ``key`` through the navigator, as a learner would; its section."""
    number = next(n for n, e in enumerate(attempt.layout, start=1) if e["key"] == key)
    page.locator(nav_link(number)).click()
    section = case_section(page, key)
    expect(section).to_be_visible()
    return section


def confirm_grading(page: Page) -> None:
    """The check before grading, then grade (only the case question is answered here)."""
    expect(page.locator("#check-title")).to_be_visible()
    page.locator("form.quiz-check__actions").get_by_role("button").click()


def test_every_case_question_fits_a_phone_before_any_group_is_opened(
    learner_page, live_site, output_path
):
    page, learner = learner_page
    # the final opens once the modules are complete
    complete_modules(user=learner, course=CoursePage.objects.get(slug="oncology-care"))
    page.set_viewport_size(PHONE)
    rows = []
    for quiz in QuizPage.objects.live().order_by("path"):
        start(page, live_site, quiz)
        attempt = Attempt.objects.filter(quiz=quiz).latest("pk")
        for entry in attempt.layout:
            if entry["kind"] != "case_plan":
                continue
            measure = show_question(page, attempt, entry["key"]).evaluate(MEASURE)
            rows.append((quiz.get_parent().slug, entry["case"]["case_id"], measure))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{quiz.slug} scrolls sideways at 390px ({width}px)"
    print("\ncase question                       controls  height at 390x844")
    for slug, case_id, measure in rows:
        screens = measure["height"] / PHONE["height"]
        controls, height = measure["controls"], measure["height"]
        print(f"{slug:28} {case_id:5} {controls:8}  {height:6}px ({screens:.1f} screens)")
    quizzes = (ROOT / "content" / "quizzes").glob("*.yaml")
    shipped = sum(path.read_text().count("kind: case_plan") for path in quizzes)
    assert len(rows) == shipped > 0
    for slug, case_id, measure in rows:
        assert measure["controls"] <= MAX_CONTROLS, (slug, case_id, measure)
        assert measure["height"] <= MAX_SCREENS * PHONE["height"], (slug, case_id, measure)


def special_settings_quiz() -> QuizPage:
    """The quiz whose case question is N05."""
    return QuizPage.objects.get(title__startswith="Check your understanding: hospital")


def test_the_body_map_and_the_list_are_one_form(learner_page, live_site, output_path):
    page, learner = learner_page
    page.set_viewport_size(DESKTOP)
    quiz = special_settings_quiz()
    start(page, live_site, quiz)
    layout = Attempt.objects.get(user=learner).layout
    key = next(e["key"] for e in layout if e["kind"] == "case_plan")
    section = show_question(page, Attempt.objects.get(user=learner), key)
    map_ = section.locator("[data-body-map]")
    expect(map_).to_be_visible()
    shapes = map_.locator(".body-map__area")
    # one tab stop for the whole map
    assert map_.locator('[tabindex="0"]').count() == 1
    first = map_.locator('[tabindex="0"]')
    first.focus()
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.getAttribute('data-area')")
    assert focused == shapes.nth(1).get_attribute("data-area")
    assert map_.locator('[tabindex="0"]').count() == 1
    page.keyboard.press("Enter")  # goes to that area's state in the list
    state = section.locator(f'select[name="q-{key}-limit__{focused}"]')
    expect(state).to_be_focused()

    arm = map_.locator('[data-area="left_arm"]').first
    expect(arm).to_have_attribute("aria-label", "Left arm: no separate limit")
    arm.click()  # opens the arm's group and focuses its state
    select = section.locator(f'select[name="q-{key}-limit__left_arm"]')
    expect(select).to_be_focused()
    page.keyboard.press("End")  # the last state: avoid
    expect(select).to_have_value("avoid")
    for shape in map_.locator('[data-area="left_arm"]').all():  # front and back
        expect(shape).to_have_attribute("aria-label", "Left arm: avoid")
        expect(shape).to_have_attribute("data-state", "avoid")
        assert "pat-avoid" in shape.evaluate("el => getComputedStyle(el).fill")
    group = select.locator("xpath=ancestor::details[1]")
    expect(group.locator("[data-count]")).to_have_text("1 set")
    page.keyboard.press("Home")  # back to no separate limit: the count goes
    expect(group.locator("[data-count]")).to_have_text("")
    page.keyboard.press("End")
    photograph(page, str(Path(output_path) / "plan-editor-desktop.png"), full_page=False)
    photograph(map_, str(Path(output_path) / "plan-editor-body-map.png"))

    # search narrows a section and opens the groups that match
    techniques = section.locator('[data-section="techniques"]')
    techniques.get_by_label("Find a technique").fill("lymph")
    visible = techniques.locator("[data-choice-group] [data-option]:visible")
    assert visible.count() >= 1
    for text in visible.all_inner_texts():
        assert "lymph" in text.lower()
    # the joint movement scale is not a list to search: it stays in view
    expect(techniques.get_by_label("No joint movement", exact=True)).to_be_visible()

    # postponing hides what a postponed session does not need
    section.get_by_label("Postpone today's session").check()
    expect(section.locator('[data-section="pressure"]')).to_be_hidden()
    expect(section.locator('[data-section="process"]')).to_be_visible()
    section.get_by_label("Postpone today's session").uncheck()
    expect(section.locator('[data-section="pressure"]')).to_be_visible()

    page.set_viewport_size(PHONE)
    expect(section.locator(".case-pin")).to_be_visible()
    expect(section.locator(".case-panel")).to_be_hidden()
    photograph(page, str(Path(output_path) / "plan-editor-390.png"), full_page=False)
    techniques.scroll_into_view_if_needed()  # the facts stay pinned above the plan
    expect(section.locator(".case-pin")).to_be_in_viewport()
    photograph(page, str(Path(output_path) / "plan-editor-390-pinned-facts.png"))
    page.set_viewport_size(DESKTOP)
    expect(section.locator(".case-panel")).to_be_visible()


NEXT_QUESTION = "[data-pager] [data-step='1']"


def choice_targets(entry: dict) -> list:
    return [
        (f"input[name='q-{entry['key']}-selected'][value='{option['value']}']", "check", "")
        for option in entry["options"]
        if option["correct"]
    ]


def test_a_keyboard_only_learner_enters_the_n05_plan_and_gets_it_graded(
    learner_page, live_site, output_path
):
    page, learner = learner_page
    page.set_viewport_size(DESKTOP)
    page.goto(live_site + special_settings_quiz().url)
    to_start = keyboard_fill(page, [("form.quiz-start button", "press", "")])
    page.keyboard.press("Enter")
    expect(page.locator("form.quiz-form")).to_be_visible()
    attempt = Attempt.objects.get(user=learner, submitted_at__isnull=True)
    entry = next(e for e in attempt.layout if e["kind"] == "case_plan")
    assert entry["case"]["case_id"] == "N05"
    assert attempt.layout[-1] is entry or attempt.layout[-1] == entry  # the case comes last

    # one question at a time: each after the first is reached with "Next question", which
    # follows the answers (and the question's "Clear this answer") in the tab order
    choices = navigation = 0
    for number, question_entry in enumerate(attempt.layout[:-1], start=1):
        if number > 1:
            navigation += keyboard_fill(page, [(NEXT_QUESTION, "press", "")]) + 1
            page.keyboard.press("Enter")
            expect(page.locator(f"#question-{number}")).to_be_focused()
        choices += keyboard_fill(page, choice_targets(question_entry))
    to_case = keyboard_fill(page, [(NEXT_QUESTION, "press", "")]) + 1
    page.keyboard.press("Enter")
    expect(case_section(page, entry["key"])).to_be_visible()
    question = CaseQuestion.objects.select_related("case").get(key=entry["key"])
    values = form_values(expert_plan(question), question.case.facts, by_name=True)
    # from the case question, shown, to the plan's last answer
    n05 = keyboard_fill(page, keyboard_targets(page, entry["key"], values))
    submit_button = "form.quiz-form .form-actions button.button:not(.button--secondary)"
    submit = keyboard_fill(page, [(submit_button, "press", "")])
    page.keyboard.press("Enter")
    expect(page.get_by_text("Every question has an answer.")).to_be_visible()
    confirm = keyboard_fill(page, [("form.quiz-check__actions button", "press", "")])
    page.keyboard.press("Enter")

    results = page.locator("#results")
    expect(results).to_contain_text("passed")
    expect(results).not_to_contain_text("not passed")
    photograph(page, str(Path(output_path) / "plan-editor-keyboard-graded.png"))
    navigation += to_case
    total = to_start + 1 + choices + navigation + n05 + submit + 1 + confirm + 1
    print(
        f"\nkeyboard only: N05 expert plan {n05} key presses (from the case question shown); "
        f"whole quiz from its page to the grade {total} (start {to_start + 1}, "
        f"choices {choices}, navigator {navigation} of which to the case {to_case}, "
        f"submit {submit + 1}, confirm {confirm + 1})"
    )
    assert Attempt.objects.get(pk=attempt.pk).passed


def test_without_javascript_the_list_is_the_form(browser, live_site, output_path):
    """No script: no map, no search; the list of areas, the groups and the pinned facts still
    work, and the N05 expert plan entered through them is graded safe."""
    assert content_import(root=ROOT / "content").ok
    learner = LearnerFactory()
    enrolment_create(user=learner, course=CoursePage.objects.get(slug="oncology-care"))
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_site + "/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    start(page, live_site, special_settings_quiz())

    attempt = Attempt.objects.get(user=learner, submitted_at__isnull=True)
    entry = next(e for e in attempt.layout if e["kind"] == "case_plan")
    section = case_section(page, entry["key"])
    expect(section.locator("[data-body-map]")).to_be_hidden()
    expect(section.locator("[data-plan-search]").first).to_be_hidden()
    expect(section.locator(".area-group--case")).to_have_attribute("open", "")
    section.locator(".case-pin > summary").click()
    expect(section.locator(".case-pin__body")).to_be_visible()
    section.locator(".case-pin > summary").click()

    question = CaseQuestion.objects.select_related("case").get(key=entry["key"])
    fill_plan(page, entry["key"], form_values(expert_plan(question), question.case.facts))
    photograph(page, str(Path(output_path) / "plan-editor-no-script-390.png"))
    page.get_by_role("button", name="Submit for grading").click()
    confirm_grading(page)

    expect(page.locator("#results")).to_be_visible()
    graded = Attempt.objects.get(pk=attempt.pk)
    case_result = next(q for q in graded.result["questions"] if q["key"] == entry["key"])
    assert case_result["verdict"] == "safe", case_result["violations"]
    context.close()
