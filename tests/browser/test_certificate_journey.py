"""The whole course in the browser: log in, enrol, study each module (its minimum study time),
pass each module quiz, then the final, which opens only now; submit the evaluation, get the
certificate, download the PDF, and the verification page opened from its QR code says valid.

Study time is recorded through the service the module page reports to
(``module_visit_record``), at the times a reader's page would have reported over the
module's minutes (``tests.factories.progress.study``): the browser does not wait 40 minutes
per module. Everything else is clicked."""

import re
import subprocess
from pathlib import Path

import zxingcpp
from django.conf import settings as django_settings
from PIL import Image
from playwright.sync_api import Page, expect

from cms.demo import demo_provider_ensure
from cms.importer.run import content_import
from courses.models import Certificate, CoursePage
from tests.browser.photos import photograph
from tests.browser.test_quiz_journey import pass_quiz
from tests.factories import LearnerFactory
from tests.factories.accounts import PASSWORD
from tests.factories.progress import study

ROOT = Path(__file__).parents[2]


def next_step(page: Page, live_site: str, label: str):
    """The dashboard's one next step for the course, which must read ``label``."""
    page.goto(live_site + "/dashboard/")
    step = page.locator(".next-step").get_by_role("link")
    expect(step).to_have_text(re.compile(label))
    return step


def test_the_course_from_enrolment_to_a_verified_certificate(
    page: Page, live_site, output_path, settings
):
    settings.CERTIFICATE_BASE_URL = live_site
    assert content_import(root=ROOT / "content").ok
    demo_provider_ensure()
    course = CoursePage.objects.get(slug="oncology-care")
    modules = course.modules()
    learner = LearnerFactory(legal_name="Noor Haddad")
    shots = Path(output_path)

    page.goto(live_site + "/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(live_site + course.url)
    page.get_by_role("button", name="Enrol in this course").click()

    # the final is closed until every module is complete
    page.goto(live_site + course.url + "final-assessment/")
    closed = "Complete modules 1, 2, 3, 4, 5 and 6 first."
    expect(page.locator("#quiz-next")).to_contain_text(closed)
    expect(page.get_by_role("button", name="Start the quiz")).to_have_count(0)

    for number, module in enumerate(modules, start=1):
        step = next_step(page, live_site, f"^(Study|Resume) module {number}: ")
        with page.expect_response(lambda r: "/learning/visit/" in r.url):
            step.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
        study(user=learner, module=module, minutes=module.required_study_minutes)
        page.reload()
        minutes = module.required_study_minutes
        expect(page.locator(".module-complete")).to_contain_text(
            f"Study time recorded: {minutes} of {minutes} minutes"
        )
        next_step(page, live_site, f"^Take the quiz of module {number}$").click()
        pass_quiz(page, learner)
        if number == 1:
            photograph(page, str(shots / "module-quiz-passed.png"), full_page=True)

    next_step(page, live_site, "^Take the final assessment$").click()
    pass_quiz(page, learner)
    photograph(page, str(shots / "final-passed.png"), full_page=True)
    assert not Certificate.objects.exists()

    next_step(page, live_site, "^Complete the course evaluation$").click()
    for question in ("met its learning objectives", "relevant to my practice", "clearly presented"):
        page.get_by_role("group", name=question).get_by_label("Agree", exact=True).check()
    page.get_by_label("Comments (optional)").fill("The case feedback was the most useful part.")
    page.get_by_role("button", name="Submit evaluation").click()

    expect(page.get_by_text("Your certificate is ready")).to_be_visible()
    next_step(page, live_site, "^Download your certificate$")
    photograph(page, str(shots / "dashboard-complete.png"), full_page=True)
    page.goto(live_site + course.url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="download the PDF").click()
    pdf_path = Path(output_path) / "certificate.pdf"
    download_info.value.save_as(pdf_path)
    photograph(page, str(Path(output_path) / "course-complete.png"), full_page=True)

    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "150",
            "-singlefile",
            str(pdf_path),
            str(pdf_path.with_suffix("")),
        ],
        check=True,
    )
    codes = zxingcpp.read_barcodes(Image.open(pdf_path.with_suffix(".png")))
    assert len(codes) == 1
    url = codes[0].text
    assert url.startswith(django_settings.CERTIFICATE_BASE_URL)

    page.goto(url)
    expect(page.get_by_role("status")).to_contain_text("Valid")
    expect(page.locator("main")).to_contain_text("Noor Haddad")
    expect(page.locator("main")).to_contain_text(f"{Certificate.objects.get().ce_hours} CEs")
