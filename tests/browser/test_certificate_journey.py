"""The last step: the learner submits the course evaluation, gets the certificate, downloads
the PDF, and the verification page opened from its QR code says valid."""

import subprocess
from pathlib import Path

import zxingcpp
from django.conf import settings as django_settings
from PIL import Image
from playwright.sync_api import Page, expect

from cms.demo import demo_provider_ensure
from cms.importer.run import content_import
from courses.models import Certificate, CoursePage, ModulePage
from courses.services import assessment_record, enrolment_create, module_complete
from quizzes.models import QuizPage
from tests.factories import LearnerFactory
from tests.factories.accounts import PASSWORD

ROOT = Path(__file__).parents[2]


def test_evaluation_issues_the_certificate_and_its_qr_verifies(
    page: Page, live_site, output_path, settings
):
    settings.CERTIFICATE_BASE_URL = live_site
    assert content_import(root=ROOT / "content").ok
    demo_provider_ensure()
    course = CoursePage.objects.get(slug="oncology-care")
    learner = LearnerFactory(legal_name="Noor Haddad")
    enrolment_create(user=learner, course=course)
    for module in ModulePage.objects.child_of(course):
        module_complete(user=learner, module=module)
        if QuizPage.objects.child_of(module).exists():
            assessment_record(user=learner, page=module, score=100, passed=True)
    assessment_record(user=learner, page=course, score=90, passed=True)
    assert not Certificate.objects.exists()

    page.goto(live_site + "/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.goto(live_site + course.url)
    page.get_by_role("link", name="course evaluation").click()
    for question in ("met its learning objectives", "relevant to my practice", "clearly presented"):
        page.get_by_role("group", name=question).get_by_label("Agree", exact=True).check()
    page.get_by_label("Comments (optional)").fill("The case feedback was the most useful part.")
    page.get_by_role("button", name="Submit evaluation").click()

    expect(page.get_by_text("Your certificate is ready")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="download the PDF").click()
    pdf_path = Path(output_path) / "certificate.pdf"
    download_info.value.save_as(pdf_path)
    page.screenshot(path=str(Path(output_path) / "course-complete.png"), full_page=True)

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
    expect(page.locator("main")).to_contain_text("1.0 CEs")
