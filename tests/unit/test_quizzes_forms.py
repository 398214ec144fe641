"""The session-plan form of a case question (``quizzes.forms``), without a database: only the
sections a question asks for are shown, every control is labelled in the plan vocabulary's
words, whatever is posted ends as a plan the engine accepts or as errors on the fields, and
nothing in the form depends on the case but the sites its facts name, so it cannot hint at the
answer."""

import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes.engine.plan import Plan, parse_plan
from quizzes.engine.vocabulary import (
    CASE_SITES_GROUP,
    PLAN_SECTIONS,
    RARE_GROUPS,
    basin_label,
    label,
)
from quizzes.forms import ALL_AREAS, PlanForm, case_sites, plan_form_for
from quizzes.versions import CasePlanVersion, CaseVersion

EVERY_SECTION = list(PLAN_SECTIONS)

# What a learner fills in for each section (the form's contract with the quiz page and the
# saved answers); pressure limits and avoided areas are one state per area (``limit__<area>``).
STATES = {f"limit__{area}" for area in ALL_AREAS}
ASKED = {
    "postpone": {"postpone", "services_postponed"},
    "refer": {"refer"},
    "md_release_required": {"md_release_required"},
    "pressure": {"max_pressure_global", *STATES},
    "avoid_sites": STATES,
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
        """The names of the controls that post (a search box has none: it only filters)."""
        return {c["name"].removeprefix(prefix) for c in self.controls if "name" in c}


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
    ("limit__chest_left", "avoid_all"),
    ("limit__chest_left", "radiation_field:r1"),  # an engine site token the form never offers
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


def test_forms_share_no_area_field_one_form_could_change_for_another():
    first, second = PlanForm(sections=EVERY_SECTION), PlanForm(sections=EVERY_SECTION)
    name = next(n for n in first.fields if n.startswith("limit__"))
    assert first.fields[name] is not second.fields[name]
    assert first.fields[name].widget is not second.fields[name].widget
    first.fields[name].widget.attrs["data-marked"] = "1"
    first.fields[name].error_messages["invalid_choice"] = "changed"
    first.fields[name].validators.append(lambda value: None)
    third = PlanForm(sections=EVERY_SECTION)
    for form in (second, third):
        assert "data-marked" not in form.fields[name].widget.attrs
        assert form.fields[name].error_messages["invalid_choice"] != "changed"
        assert form.fields[name].validators == []
    # a refused value on one form leaves the next one's field clean
    bad = PlanForm(
        data=MultiValueDict({**{k: [v] for k, v in REQUIRED.items()}, name: ["<script>"]}),
        sections=EVERY_SECTION,
    )
    assert not bad.is_valid()
    assert PlanForm(
        data=MultiValueDict({k: [v] for k, v in REQUIRED.items()}), sections=EVERY_SECTION
    ).is_valid()


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
    "limit__left_foot": ["0"],
    "limit__axilla_left": ["avoid"],
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
    # one state per area: a cap, hold only (level 0), avoid; "no separate limit" adds none
    assert plan["site_limits"] == {"chest_left": 1, "left_foot": 0}
    assert plan["avoid_sites"] == ["axilla_left"]
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
    # an area takes only the states its question asks: a cap with pressure, avoid with areas
    # to avoid
    not_offered = {"avoid_sites": str.isdigit, "pressure": lambda v: v == "avoid"}
    answer = {
        k: v
        for k, v in FULL_ANSWER.items()
        if not (k.startswith("limit__") and not_offered.get(section, lambda v: False)(v[0]))
    }
    mine = {k: v for k, v in answer.items() if k in ASKED[section]}
    everything = plan_form_for(case_question({}, [section]), answer)
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


ANTICOAGULATED = {"service": "massage", "meds": {"anticoagulant": "apixaban"}}


def test_the_form_is_the_same_for_every_case_but_the_sites_its_facts_name():
    """Choices, their order, their values and what is preselected do not depend on the client,
    so neither the page source nor the order of the options points at the expected plan. Only
    the sites the case facts name (a port, the at-risk regions) are offered by name, first."""
    one = render(plan_form_for(case_question(PLATELETS_LOW, key="a"), None))
    other = render(plan_form_for(case_question(ANTICOAGULATED, key="b"), None))
    assert case_sites(PLATELETS_LOW) == case_sites(ANTICOAGULATED) == []
    assert one.replace("q-a", "q-b") == other
    assert CASE_SITES_GROUP not in one

    with_nodes = plan_form_for(case_question(NODES_REMOVED, key="c"), None)
    assert case_sites(NODES_REMOVED) == ["at_risk_regions"]
    page = Page(render(with_nodes))
    assert CASE_SITES_GROUP in page.words
    assert "The lymphatic at-risk regions" in page.words
    states = [c["name"] for c in page.controls if c.get("name", "").startswith("q-c-limit__")]
    assert states[0] == "q-c-limit__at_risk_regions"


def test_a_case_site_takes_a_state_like_any_area():
    question = case_question(NODES_REMOVED, ["pressure", "avoid_sites", "thermal"])
    form = plan_form_for(
        question,
        {
            "max_pressure_global": ["3"],
            "limit__at_risk_regions": ["avoid"],
            "limit__left_arm": ["2"],
            "no_heat": ["at_risk_regions"],
        },
    )
    assert form.is_valid(), form.errors
    plan = form.to_plan()
    assert plan["avoid_sites"] == ["at_risk_regions"]
    assert plan["site_limits"] == {"left_arm": 2}
    assert plan["thermal"]["no_heat"] == ["at_risk_regions"]
    parse_plan(plan)


def test_a_stored_case_that_no_longer_reads_offers_no_sites_instead_of_failing():
    assert case_sites({"devices": "a port"}) == []
    assert case_sites(None) == []


def test_nothing_is_preselected_but_the_same_neutral_defaults():
    page = Page(render(PlanForm(sections=EVERY_SECTION)))
    checked = {(c["name"], c["value"]) for c in page.controls if "checked" in c}
    assert checked == {("joint_movement", "none"), ("infection_control", "standard")}


def test_choices_say_nothing_about_which_answer_is_right():
    html = render(PlanForm(sections=EVERY_SECTION)).lower()
    for hint in ("correct", "expected", "recommended", "right answer"):
        assert hint not in html, hint


# -- the plan editor: one state per area, toggles where asked, groups, postponing ------------


def test_an_area_has_one_state_worded_from_the_pressure_scale():
    page = Page(render(PlanForm(sections=["pressure", "avoid_sites"], prefix="q-q1")))
    states = [text for name, _, text in page.options if name == "q-q1-limit__chest_left"]
    assert states == [
        "No separate limit",
        "Hold only (level 0: stationary hold)",
        "Up to level 1: light lotioning",
        "Up to level 2: heavy lotioning",
        "Up to level 3: moderate (Swedish)",
        "Up to level 4: deep",
        "Avoid: do not touch",
    ]
    only_avoid = Page(render(PlanForm(sections=["avoid_sites"], prefix="q-q1")))
    assert [v for n, v, _ in only_avoid.options if n == "q-q1-limit__chest_left"] == ["", "avoid"]


@pytest.mark.parametrize(
    ("sections", "toggles"),
    [
        (["pressure"], []),
        (["pressure", "thermal"], ["No heat here", "No cold here"]),
        (["avoid_sites", "products"], ["No product here"]),
        (["techniques"], ["Joints kept still"]),
        (
            ["thermal", "products", "techniques"],
            ["No heat here", "No cold here", "No product here", "Joints kept still"],
        ),
    ],
)
def test_an_area_row_shows_the_toggles_of_the_sections_asked_and_no_other(sections, toggles):
    html = render(PlanForm(sections=sections, prefix="q-q1"))
    row = re.search(
        r'<div class="area-row[^"]*"[^>]*data-area="left_arm">(.*?)</div>\s*</div>', html, re.S
    )
    assert row, html[:500]
    assert (
        re.findall(r'<label for="id_q-q1-no_[a-z_]+_\d+">([^<]+)</label>', row.group(1)) == toggles
    )


def test_whole_body_heat_and_cold_stay_in_the_heat_and_cold_section():
    form = PlanForm(data=MultiValueDict({"no_cold": ["global"]}), sections=["thermal"])
    page = Page(render(form))
    whole = [page.labels[c["id"]] for c in page.controls if c.get("value") == "global"]
    assert whole == ["No heat on the whole body", "No cold on the whole body"]
    assert form.is_valid(), form.errors
    assert form.to_plan()["thermal"] == {"no_heat": [], "no_cold": ["global"]}


def test_area_groups_are_collapsed_and_say_how_many_areas_are_set():
    form = plan_form_for(
        case_question(NODES_REMOVED, ["pressure"]),
        {"limit__left_arm": ["1"], "limit__right_hand": ["0"], "max_pressure_global": ["3"]},
    )
    html = render(form)
    summaries = re.findall(
        r'<details class="area-group[^"]*"( open)? data-area-group>\s*<summary>'
        r'<span class="area-group__name">([^<]+)</span> <span class="count" '
        r"data-count>(?:(\d+) set)?</span>",
        html,
    )
    assert summaries[0] == (" open", CASE_SITES_GROUP, "")  # none set: no count
    assert (" open", "Arms and hands", "2") not in summaries
    assert ("", "Arms and hands", "2") in summaries
    assert all(opened == "" for opened, _, _ in summaries[1:])


def test_techniques_and_products_are_grouped_with_help_and_the_rare_groups_last():
    form = PlanForm(sections=["techniques", "products"])
    groups = [g.label for g in form.choice_groups(form["techniques"])]
    assert groups[-1] in RARE_GROUPS
    assert groups[0] not in RARE_GROUPS
    html = render(form)
    assert html.count("data-choice-group>") >= 7  # every group collapsed, none open
    assert "<details open" not in html.replace('class="area-group', "")
    assert 'aria-describedby="id_techniques_0_0-help"' in html
    assert "Still, resting hands; no gliding." in html  # the vocabulary's help, under its label
    assert "(rarely used)" in html


def test_the_search_boxes_post_nothing_and_wait_for_the_script():
    page = Page(render(PlanForm(sections=["techniques", "products", "process"])))
    searches = [c for c in page.controls if c.get("type") == "search"]
    assert len(searches) == 3
    assert all("name" not in c for c in searches)
    labels = [page.labels[c["id"]] for c in searches]
    assert labels == ["Find a technique", "Find a product", "Find a step"]


def test_a_postponed_plan_asks_for_nothing_a_session_needs():
    sections = ["postpone", "pressure", "techniques", "infection_control", "process"]
    postponed = PlanForm(data=MultiValueDict({"postpone": ["on"]}), sections=sections)
    assert postponed.is_valid(), postponed.errors
    plan = parse_plan(postponed.to_plan())
    assert plan.postpone is True
    assert plan.max_pressure_global is None
    not_postponed = PlanForm(data=MultiValueDict({}), sections=sections)
    assert set(not_postponed.errors) == {
        "max_pressure_global",
        "joint_movement",
        "infection_control",
    }


def test_sections_a_postponement_does_not_need_are_marked_for_the_script():
    html = render(PlanForm(sections=EVERY_SECTION))
    marked = set(re.findall(r'data-section="(\w+)" data-postponable', html))
    kept = set(re.findall(r'data-section="(\w+)">', html))
    assert kept == {"postpone", "refer", "md_release_required", "process"}
    assert {"pressure", "techniques", "products"} <= marked
    # the areas are listed once, in the first section that needs them
    assert html.count("data-plan-areas") == 1
    assert re.search(r'data-section="pressure"[^>]*>.*?data-plan-areas', html, re.S)


def test_an_answer_saved_by_the_old_form_is_ignored_not_a_failure():
    old = {"avoid_sites": ["axilla_left"], "max_pressure_global": ["2"], "limit__chest_left": ["1"]}
    form = plan_form_for(case_question({}, ["pressure", "avoid_sites"]), old)
    assert form.is_valid(), form.errors
    assert form.to_plan()["avoid_sites"] == []
    assert form.to_plan()["site_limits"] == {"chest_left": 1}
