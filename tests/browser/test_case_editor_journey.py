"""The case editor in a browser: an instructor creates a case in the admin's labelled fields
(no YAML), reads the engine's message on the platelet field, corrects it, saves, and opens
the case's expert plan, then compares two versions of it. Screenshots go to
test-results/<test-name>/."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from quizzes.models import Case
from tests.browser.photos import photograph
from tests.factories import AdaptationRuleFactory, InstructorFactory

PLATELETS = "#facts_labs_and_vitals-labs-platelets_per_uL"


def log_in(page: Page, live_site: str, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_site}]
    )


def test_an_instructor_writes_a_case_in_the_editor(page: Page, live_site, output_path):
    AdaptationRuleFactory(
        rule_id="heme-plt-journey",
        title="Platelets below 50,000/µL: gentle pressure",
        rationale="Low platelets make bruising and bleeding more likely.",
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_site, InstructorFactory())
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_site + "/admin/snippets/quizzes/case/add/")

    page.locator("#id_case_id").fill("J01")
    page.locator("#id_title").fill("Ana, 58, between chemotherapy cycles")
    page.locator("#facts_client_and_setting-service").select_option(label="Massage")
    page.locator("#facts_client_and_setting-age").fill("58")
    page.locator(PLATELETS).fill("40")
    photograph(page, str(Path(output_path) / "case-editor-new.png"), full_page=True)
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("is not a count per µL")).to_be_visible()
    page.locator(PLATELETS).scroll_into_view_if_needed()
    photograph(page, str(Path(output_path) / "case-editor-message-on-field.png"))
    assert not Case.objects.filter(case_id="J01").exists()

    page.locator(PLATELETS).fill("40000")
    # a radiation course: a repeatable block, its treated field a list of region rows
    add = "button[data-streamfield-list-add]"
    page.locator("#block_group-facts_radiation-content").locator(add).first.click()
    course = "#facts_radiation-radiation-0-value"
    page.locator(f"{course}-type").select_option("external")
    page.locator(f"{course}-status").select_option("ongoing")
    count = f"input[name='{course[1:]}-field_regions-count']"
    regions = page.locator(count).locator("xpath=..")
    regions.locator(add).first.click()
    page.locator(f"{course}-field_regions-0-value-region").select_option(label="Left chest")
    page.locator(f"{course}-field_regions-0-value-region").scroll_into_view_if_needed()
    photograph(page, str(Path(output_path) / "case-editor-radiation-course.png"))
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Platelets below 50,000/µL: gentle pressure")).to_be_visible()
    case = Case.objects.get(case_id="J01")
    assert case.facts["labs"] == {"platelets_per_uL": 40000}
    assert case.facts["service"] == "massage"
    assert case.facts["radiation"] == [
        {"type": "external", "field_regions": ["chest_left"], "status": "ongoing"}
    ]
    photograph(page, str(Path(output_path) / "case-editor-saved.png"), full_page=True)

    page.get_by_role("link", name="Expert plan").first.click()
    expect(page.get_by_text("Rules these facts trigger")).to_be_visible()
    photograph(page, str(Path(output_path) / "case-expert-plan.png"), full_page=True)

    # a second version, and the two compared as a reviewer reads them
    page.goto(f"{live_site}/admin/snippets/quizzes/case/edit/{case.pk}/")
    page.locator(PLATELETS).fill("30000")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("updated")
    first, second = case.revisions.order_by("created_at", "id")
    compare = reverse(
        "wagtailsnippets_quizzes_case:revisions_compare", args=[case.pk, first.pk, second.pk]
    )
    page.goto(live_site + compare)
    changes = page.get_by_role("row", name=re.compile("Facts, as learners read them"))
    expect(changes.locator(".deletion")).to_have_text("40")
    expect(changes.locator(".addition")).to_have_text("30")
    expect(changes).to_contain_text("Labs and vital signs")
    photograph(page, str(Path(output_path) / "case-compare.png"), full_page=True)
    assert errors == []
