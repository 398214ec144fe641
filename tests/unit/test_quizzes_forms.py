"""The session-plan form of a case question (``quizzes.forms``), without a database: only the
sections a question asks for are shown, every control is labelled in the plan vocabulary's
words, whatever is posted ends as a plan the engine accepts or as errors on the fields, and
nothing in the form depends on the case, so it cannot hint at the answer."""

import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.engine.plan import Plan, parse_plan
from quizzes.engine.vocabulary import PLAN_SECTIONS, basin_label, label
from quizzes.forms import ALL_AREAS, PlanForm, plan_form_for
from quizzes.versions import CasePlanVersion, CaseVersion

EVERY_SECTION = list(PLAN_SECTIONS)

# What a learner fills in for each section (the form's contract with the quiz page and the
# saved answers); the pressure section adds one optional limit per area.
ASKED = {
    "postpone": {"postpone", "services_postponed"},
    "refer": {"refer"},
    "md_release_required": {"md_release_required"},
    "pressure": {"max_pressure_global", *(f"limit__{area}" for area in ALL_AREAS)},
    "avoid_sites": {"avoid_sites"},
    "positions": {"positions_use", "positions_prohibited"},
    "techniques": {"techniques", "joint_movement", "no_joint_movement"},
    "thermal": {"no_heat", "no_cold"},
    "stroke_direction": {"centripetal_light", "drainage_toward", "no_drainage_toward"},
    "products": {"products_used", "product_constraints", "no_product_on"},
    "max_duration_min": {"max_duration_min"},
    "infection_control": {"infection_control", "ppe"},
    "process": {"process"},
}
# The three questions a blank section cannot answer: a pressure, a joint movement and an
# infection-control level are always chosen.
REQUIRED = {"max_pressure_global": "2", "joint_movement": "none", "infection_control": "standard"}
TOKEN = re.compile(r"\b\w+_\w+\b|\b[a-z]+:[a-z]")


def case_question(facts, fields=EVERY_SECTION, key="q1") -> CasePlanVersion:
    case = CaseVersion(case_id="T", title="A client", intro="", facts=facts, vignette=[])
    return CasePlanVersion(
        key=key, prompt="Plan the session.", fields=tuple(fields), points=3, case=case
    )


class Page(HTMLParser):
    """The controls, their labels and the words a learner reads in rendered HTML."""

    def __init__(self, html):
        super().__init__()
        self.controls, self.labels, self.options, self.words = [], {}, [], []
        self._label = self._option = None
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls.append(attrs)
        if tag == "select":
            self._select = attrs["name"]
        if tag == "label" and "for" in attrs:
            self._label = attrs["for"]
            self.labels[self._label] = ""
        if tag == "option":
            self._option = [self._select, attrs.get("value", ""), ""]

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None
        if tag == "option" and self._option:
            self.options.append(tuple(self._option))
            self._option = None

    def handle_data(self, data):
        if data.strip():
            self.words.append(data.strip())
        if self._label:
            self.labels[self._label] += data
        if self._option:
            self._option[2] += data

    def names(self, prefix=""):
        return {c["name"].removeprefix(prefix) for c in self.controls}


def render(form) -> str:
    question = {"prompt": "Plan the session."}
    case = {"case_id": "T", "title": "A client", "vignette": []}
    return render_to_string(
        "quizzes/quiz/case_question.html",
        {"item": {"form": form, "question": question, "case": case}},
    )


def choice_fields(form):
    for name, field in form.fields.items():
        for value, text in getattr(field, "choices", ()):
            if isinstance(text, list | tuple):  # grouped
                for sub_value, sub_text in text:
                    yield name, sub_value, sub_text
            else:
                yield name, value, text


def vocabulary_words(name, value) -> str | None:
    """The plan vocabulary's words for a posted token (None: the pressure scale)."""
    if name == "max_pressure_global" or name.startswith("limit__") or value == "":
        return None
    if name in ("drainage_toward", "no_drainage_toward"):
        return basin_label(value)
    return label(value)


# -- every asked field, and nothing else, with a label from the vocabulary -----------------


@pytest.mark.parametrize("section", EVERY_SECTION)
def test_a_section_renders_exactly_its_fields(section):
    page = Page(render(PlanForm(sections=[section], prefix="q-q1")))
    assert page.names(prefix="q-q1-") == ASKED[section]


def test_several_sections_render_their_fields_in_plan_order_and_no_other():
    asked = ["process", "pressure", "refer"]  # any order in the question
    form = PlanForm(sections=asked)
    page = Page(render(form))
    assert page.names() == ASKED["process"] | ASKED["pressure"] | ASKED["refer"]
    assert [s["name"] for s in form.layout()] == [s for s in EVERY_SECTION if s in asked]


def test_unknown_sections_in_a_stored_question_are_left_out():
    form = PlanForm(sections=["process", "telepathy", "__init__"])
    assert set(form.fields) == ASKED["process"]


def test_every_control_has_a_label_a_learner_can_read():
    page = Page(render(PlanForm(sections=EVERY_SECTION)))
    assert page.controls
    for control in page.controls:
        words = page.labels.get(control["id"], "").strip()
        assert words, control
        assert not TOKEN.search(words), (control, words)


def test_every_choice_is_named_in_the_vocabulary_words_for_its_token():
    form = PlanForm(sections=EVERY_SECTION)
    checked = 0
    for name, value, text in choice_fields(form):
        assert not TOKEN.search(str(text)), (name, value, text)
        expected = vocabulary_words(name, value)
        if expected is not None:
            assert str(text).casefold() == expected.casefold(), (name, value, text)
            checked += 1
    assert checked > 200  # techniques, regions, products, basins … all checked


def test_no_token_reaches_the_page_text():
    page = Page(render(PlanForm(sections=EVERY_SECTION)))
    assert page.words
    leaked = [words for words in page.words if TOKEN.search(words)]
    assert leaked == []


# -- tampered or unknown values are field errors, never a server error ----------------------

TAMPERED = [
    ("max_pressure_global", "9"),
    ("max_pressure_global", "two"),
    ("max_pressure_global", "2\x00"),
    ("max_pressure_global", "-1"),
    ("limit__chest_left", "6"),
    ("limit__chest_left", "deep"),
    ("techniques", "telekinesis"),
    ("techniques", "Massage"),  # a group heading is not a choice
    ("avoid_sites", "chest_middle"),
    ("avoid_sites", "radiation_field:r1"),  # an engine site token the form never offers
    ("refer", "police"),
    ("positions_use", "upside_down"),
    ("no_heat", "<script>alert(1)</script>"),
    ("drainage_toward", "axillary_middle"),
    ("products_used", "snake_oil"),
    ("product_constraints", "no_product_on:chest_left"),
    ("no_product_on", "global"),
    ("max_duration_min", "4"),
    ("max_duration_min", "241"),
    ("max_duration_min", "1e3"),
    ("max_duration_min", "9" * 5000),
    ("joint_movement", "extreme"),
    ("infection_control", "none"),
    ("ppe", "hazmat"),
    ("process", "skip_intake"),
    ("services_postponed", "everything"),
]


@pytest.mark.parametrize(("field", "value"), TAMPERED)
def test_a_tampered_value_is_an_error_on_its_field(field, value):
    form = PlanForm(
        data=MultiValueDict({**{k: [v] for k, v in REQUIRED.items()}, field: [value]}),
        sections=EVERY_SECTION,
    )
    assert not form.is_valid()
    assert list(form.errors) == [field]
    html = render(form)  # the page with the error renders
    assert "<script>alert" not in html
    if not field.startswith("limit__"):
        assert f'id="id_{field}_error"' in html
        assert escape(form.errors[field][0]) in html


def test_positions_both_used_and_ruled_out_are_refused_on_the_field():
    data = MultiValueDict({"positions_use": ["prone"], "positions_prohibited": ["prone"]})
    form = PlanForm(data=data, sections=["positions"])
    assert not form.is_valid()
    assert list(form.errors) == ["positions_prohibited"]
    assert "Face down (prone)" in form.errors["positions_prohibited"][0]


ANY_TOKEN = sorted(
    {str(value) for _, value, _ in choice_fields(PlanForm(sections=EVERY_SECTION))} | {"on"}
)
FIELD_NAMES = sorted(PlanForm(sections=EVERY_SECTION).fields)
POSTED = st.dictionaries(
    keys=st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12)),
    values=st.lists(
        st.one_of(st.sampled_from(ANY_TOKEN), st.integers(-10, 300).map(str), st.text(max_size=20)),
        min_size=1,
        max_size=4,
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(posted=POSTED, sections=st.lists(st.sampled_from(EVERY_SECTION), unique=True))
def test_any_post_gives_a_plan_the_engine_accepts_or_field_errors(posted, sections):
    form = PlanForm(data=MultiValueDict(posted), sections=sections)
    if form.is_valid():
        parse_plan(form.to_plan())  # raises PlanError if the form let a bad plan through
    else:
        assert set(form.errors) <= {*form.fields, "__all__"}
    render(form)


# -- blank sections and sections not asked ---------------------------------------------------


@pytest.mark.parametrize("section", EVERY_SECTION)
def test_a_blank_section_is_the_engines_neutral_plan_or_asks_for_its_required_answer(section):
    form = plan_form_for(case_question({}, [section]), None, bound=True)
    required = ASKED[section] & set(REQUIRED)
    if required:
        assert not form.is_valid()
        assert set(form.errors) == required
        assert all(
            e["code"] == "required"
            for errors in form.errors.get_json_data().values()
            for e in errors
        )
    else:
        assert form.is_valid(), form.errors
        assert parse_plan(form.to_plan()) == Plan()


def test_a_blank_form_with_only_the_required_answers_plans_nothing_else():
    form = PlanForm(
        data=MultiValueDict({k: [v] for k, v in REQUIRED.items()}), sections=EVERY_SECTION
    )
    assert form.is_valid(), form.errors
    assert parse_plan(form.to_plan()) == Plan(
        max_pressure_global=2, joint_movement="none", infection_control="standard"
    )


def test_an_unanswered_question_is_unbound_until_it_is_submitted():
    question = case_question({}, ["pressure"])
    assert not plan_form_for(question, None).is_bound
    assert not plan_form_for(question, {}).is_bound
    assert plan_form_for(question, {}, bound=True).is_bound


# Every section answered, each with something other than its blank answer.
FULL_ANSWER = {
    "postpone": ["on"],
    "services_postponed": ["facial"],
    "refer": ["clt"],
    "md_release_required": ["on"],
    "max_pressure_global": ["2"],
    "limit__chest_left": ["1"],
    "limit__feet": [""],
    "avoid_sites": ["axilla_left"],
    "positions_use": ["supine"],
    "positions_prohibited": ["prone"],
    "techniques": ["effleurage_light", "rom_gentle"],
    "joint_movement": ["gentle_within_range"],
    "no_joint_movement": ["left_arm"],
    "no_heat": ["quadrant_upper_left"],
    "no_cold": ["global"],
    "centripetal_light": ["on"],
    "drainage_toward": ["inguinal_right"],
    "no_drainage_toward": ["axillary_left"],
    "products_used": ["bland_emollient"],
    "product_constraints": ["fragrance_free"],
    "no_product_on": ["chest_left"],
    "max_duration_min": ["45"],
    "infection_control": ["enhanced"],
    "ppe": ["gloves"],
    "process": ["intake", "document"],
}


def test_a_saved_answer_becomes_a_plan_in_the_engine_vocabulary():
    form = plan_form_for(case_question({}), FULL_ANSWER)
    assert form.is_valid(), form.errors
    plan = form.to_plan()
    assert plan["postpone"] is True
    assert plan["services_postponed"] == ["facial"]
    assert plan["md_release_required"] is True
    assert plan["max_pressure_global"] == 2
    assert plan["site_limits"] == {"chest_left": 1}  # "no separate limit" adds none
    assert plan["positions"] == {"use": ["supine"], "prohibited": ["prone"]}
    assert plan["joint_movement"] == "gentle_within_range"
    assert plan["joint_movement_on"] == {"left_arm": "none"}
    assert plan["thermal"] == {"no_heat": ["quadrant_upper_left"], "no_cold": ["global"]}
    assert sorted(plan["stroke_direction"]) == sorted(
        ["centripetal_light", "drainage_toward:inguinal_right", "no_drainage_toward:axillary_left"]
    )
    assert sorted(plan["product_constraints"]) == ["fragrance_free", "no_product_on:chest_left"]
    assert plan["max_duration_min"] == 45
    assert (plan["infection_control"], plan["ppe"]) == ("enhanced", ["gloves"])
    parsed = parse_plan(plan)
    assert parsed.techniques == ("effleurage_light", "rom_gentle")
    assert parsed.process == ("intake", "document")


@pytest.mark.parametrize("section", EVERY_SECTION)
def test_answers_to_sections_not_asked_are_ignored(section):
    mine = {k: v for k, v in FULL_ANSWER.items() if k in ASKED[section]}
    everything = plan_form_for(case_question({}, [section]), FULL_ANSWER)
    only_mine = plan_form_for(case_question({}, [section]), mine)
    assert everything.is_valid(), everything.errors
    assert only_mine.is_valid(), only_mine.errors
    assert everything.to_plan() == only_mine.to_plan()
    assert set(everything.cleaned_data) <= ASKED[section]


def test_a_saved_answer_is_shown_checked_when_the_page_is_reloaded():
    html = render(
        plan_form_for(
            case_question({}, ["pressure", "process"]),
            {"max_pressure_global": ["2"], "process": ["intake"]},
        )
    )
    assert re.search(r'value="2"[^>]*id="id_q-q1-max_pressure_global_2" checked', html)
    assert re.search(r'value="intake"[^>]*checked', html)
    assert not re.search(r'value="document"[^>]*checked', html)


# -- the form cannot hint at the answer ------------------------------------------------------

PLATELETS_LOW = {"service": "massage", "labs": {"platelets_per_uL": 15000}}
NODES_REMOVED = {
    "service": "facial",
    "lymph_nodes": [{"basin": "axillary", "side": "left", "procedure": "dissection"}],
    "meds": {"anticoagulant": "apixaban"},
}


def test_the_form_is_the_same_for_every_case():
    """Choices, their order, their values and what is preselected do not depend on the client,
    so neither the page source nor the order of the options points at the expected plan."""
    one = render(plan_form_for(case_question(PLATELETS_LOW, key="a"), None))
    other = render(plan_form_for(case_question(NODES_REMOVED, key="b"), None))
    assert one.replace("q-a-", "q-b-") == other


def test_nothing_is_preselected_but_the_same_neutral_defaults():
    page = Page(render(PlanForm(sections=EVERY_SECTION)))
    checked = {(c["name"], c["value"]) for c in page.controls if "checked" in c}
    assert checked == {("joint_movement", "none"), ("infection_control", "standard")}


def test_choices_say_nothing_about_which_answer_is_right():
    html = render(PlanForm(sections=EVERY_SECTION)).lower()
    for hint in ("correct", "expected", "recommended", "right answer"):
        assert hint not in html, hint
