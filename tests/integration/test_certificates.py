"""Completion and certificates: issued once, frozen, verifiable, revocable, reissuable."""

import csv
import subprocess
from io import BytesIO

import pytest
import wagtail_factories
from django.core import mail
from django.db import connection
from django.db.models import ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from cms.assets import PROVIDER_ASSETS, collection
from courses.certificates import (
    attendance_record,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    evaluation_submit,
    normalize_code,
)
from courses.errors import NotIssuable
from courses.models import (
    Certificate,
    CertificateEvent,
    CourseEvaluation,
    CoursePage,
    Enrolment,
    ProviderSettings,
)
from courses.pdf import certificate_html
from courses.services import enrolment_create
from tests.conftest import run_concurrently
from tests.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    InstructorFactory,
    LearnerFactory,
    ModulePageFactory,
    ReviewerFactory,
    UserFactory,
)
from tests.factories.progress import study

pytestmark = pytest.mark.django_db
RATINGS = {"objectives_met": 5, "relevance": 4, "presentation": 5, "comments": "Useful."}


def configure_provider():
    signature = wagtail_factories.ImageFactory(
        file__width=120,
        file__height=40,
        file__color="white",
        title="Signature",
        collection=collection(PROVIDER_ASSETS),
    )
    ProviderSettings.objects.update_or_create(
        pk=ProviderSettings.load().pk,
        defaults={
            "provider_name": "Mantle CE Education",
            "address": "1 Harbor St, Portland, OR",
            "email": "ce@mantle.example",
            "approving_body": "NCBTMB",
            "approved_provider_number": "451234-17",
            "signatory_name": "Dana Reyes",
            "signatory_title": "Education Director",
            "signature": signature,
        },
    )


@pytest.fixture
def provider(db):
    configure_provider()


@pytest.fixture
def approved_course(catalogue):
    course = CoursePageFactory(
        parent=catalogue,
        title="Safe Touch 101",
        approved_title="Safe Touch in Oncology Care",
        ce_hours="6.00",
        approval_number="NCB-2026-77",
    )
    ModulePageFactory(parent=course, slug="module-1")
    return course


def complete(user, course):
    enrolment = enrolment_create(user=user, course=course)
    for module in course.modules():
        study(user=user, module=module, minutes=module.required_study_minutes)
    evaluation_submit(user=user, course=course, **RATINGS)
    return Enrolment.objects.get(pk=enrolment.pk)


def test_completion_waits_for_the_evaluation_then_issues_once_and_emails(
    learner, approved_course, provider, django_capture_on_commit_callbacks
):
    enrolment = enrolment_create(user=learner, course=approved_course)
    study(user=learner, module=approved_course.modules()[0], minutes=20)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert not Certificate.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        evaluation_submit(user=learner, course=approved_course, **RATINGS)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get()
    assert certificate_issue(enrolment=enrolment).pk == certificate.pk  # once
    assert len(certificate.code) == 24
    assert certificate.events.get().action == CertificateEvent.ISSUED
    assert len(mail.outbox) == 1
    assert certificate.snapshot["verification_url"] in mail.outbox[0].body


def test_the_snapshot_has_every_field_a_board_requires(learner, approved_course, provider):
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    snapshot = certificate.snapshot
    assert snapshot["learner_name"] == "Lena Learner"
    assert snapshot["course_title"] == "Safe Touch in Oncology Care"
    assert snapshot["course_type"] == "Home study"
    assert snapshot["ce_hours"] == "6.0"
    assert snapshot["approved_provider_number"] == "451234-17"
    assert snapshot["course_approval_number"] == "NCB-2026-77"
    assert snapshot["signatory_name"] == "Dana Reyes"
    assert snapshot["signature"].startswith("data:image/png;base64,")
    assert snapshot["verification_url"].endswith(f"/certificates/verify/{certificate.code}/")


def test_the_snapshot_survives_a_name_change_and_a_course_title_change(
    learner, approved_course, provider
):
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    learner.legal_name = "Lena Learner-Smith"
    learner.save()
    approved_course.approved_title = "Renamed course"
    approved_course.save_revision().publish()
    certificate.refresh_from_db()
    assert certificate.snapshot["learner_name"] == "Lena Learner"
    assert certificate.snapshot["course_title"] == "Safe Touch in Oncology Care"


def test_the_validator_refuses_with_actionable_reasons_and_completion_stays_recorded(
    learner, approved_course
):
    enrolment = complete(learner, approved_course)  # no provider details yet
    assert enrolment.completed_at is not None
    assert not Certificate.objects.exists()
    with pytest.raises(NotIssuable) as raised:
        certificate_issue(enrolment=enrolment)
    assert any("Approved Provider number" in p for p in raised.value.problems)
    assert any("signature image" in p for p in raised.value.problems)

    configure_provider()
    approved_course.approved_title = ""
    approved_course.save()
    with pytest.raises(NotIssuable, match="no title as approved by the board"):
        certificate_issue(enrolment=enrolment)
    approved_course.approved_title = "Safe Touch in Oncology Care"
    approved_course.save()
    assert certificate_issue(enrolment=enrolment).status == "valid"


def test_revocation_shows_on_the_public_page_with_the_date_but_not_the_reason(
    client, learner, approved_course, provider, admin_user
):
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    certificate_revoke(certificate=certificate, actor=admin_user, reason="Attendance fraud")
    html = client.get(
        reverse("courses:certificate_verify", args=[certificate.code])
    ).content.decode()
    assert "Revoked" in html
    assert "Attendance fraud" not in html
    assert [e.action for e in certificate.events.all()] == ["issued", "revoked"]
    assert certificate.events.last().actor == admin_user


def pdf_text(client, certificate) -> str:
    response = client.get(reverse("courses:certificate_download", args=[certificate.code]))
    assert response["Content-Type"] == "application/pdf"
    return " ".join(PdfReader(BytesIO(response.content)).pages[0].extract_text().split())


def test_a_revoked_or_replaced_certificate_never_passes_for_a_valid_one(
    client, learner, approved_course, provider, admin_user
):
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    client.force_login(learner)
    assert "not valid" not in pdf_text(client, certificate).lower()
    course_page = client.get(approved_course.url).content.decode()
    assert "Your certificate is ready" in course_page

    certificate_revoke(certificate=certificate, actor=admin_user, reason="Error")
    certificate.refresh_from_db()
    assert "REVOKED" in pdf_text(client, certificate).upper()
    assert "NOT VALID" in pdf_text(client, certificate).upper()
    course_page = client.get(approved_course.url).content.decode()
    assert "Your certificate is ready" not in course_page
    assert "revoked" in course_page

    new = certificate_reissue(certificate=certificate, actor=admin_user, reason="Fixed")
    certificate.refresh_from_db()
    squeezed = "".join(pdf_text(client, certificate).upper().split())
    assert f"REPLACEDBYCERTIFICATE{new.code}" in squeezed
    assert "not valid" not in pdf_text(client, new).lower()


def test_reissue_makes_a_new_code_that_replaces_the_old_one(
    client, learner, approved_course, provider, admin_user
):
    old = Certificate.objects.get(enrolment=complete(learner, approved_course))
    learner.legal_name = "Lena M. Learner"
    learner.save()
    new = certificate_reissue(certificate=old, actor=admin_user, reason="Legal name corrected")
    old.refresh_from_db()
    assert new.code != old.code
    assert new.replaces == old
    assert old.status == "replaced"
    assert new.snapshot["learner_name"] == "Lena M. Learner"
    assert new.events.get().action == "reissued"
    assert new.events.get().reason == "Legal name corrected"
    html = client.get(reverse("courses:certificate_verify", args=[old.code])).content.decode()
    assert "Replaced" in html
    assert new.code in html


def test_verification_shows_only_public_fields_and_accepts_a_typed_code(
    client, learner, approved_course, provider
):
    learner.licence_number = "MT-55"
    learner.save()
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    typed = certificate.code.lower().replace("-", " ")
    assert normalize_code(typed) == certificate.code
    response = client.get(reverse("courses:certificate_verify", args=[typed.replace(" ", "")]))
    html = response.content.decode()
    assert response.status_code == 200
    for shown in (
        "Valid",
        "Lena Learner",
        "Safe Touch in Oncology Care",
        "6.0 CEs",
        "Mantle CE Education",
    ):
        assert shown in html
    assert "MT-55" not in html
    assert learner.email not in html


def test_an_unknown_code_is_a_plain_404(client):
    response = client.get(reverse("courses:certificate_verify", args=["ABCD-EFGH-JKMN-PQRS-TVWX"]))
    assert response.status_code == 404
    assert b"Certificate not found" in response.content


def test_only_the_owner_and_administrators_can_download_the_pdf(learner, approved_course, provider):
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    url = reverse("courses:certificate_download", args=[certificate.code])
    owner, other, instructor, reviewer, admin = (Client() for _ in range(5))
    owner.force_login(learner)
    other.force_login(LearnerFactory())
    instructor.force_login(InstructorFactory())
    reviewer.force_login(ReviewerFactory())
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert owner.get(url)["Content-Type"] == "application/pdf"
    assert admin.get(url).status_code == 200
    for outsider in (other, instructor, reviewer, Client()):
        assert outsider.get(url).status_code == 404


def test_the_pdf_carries_every_field_and_a_qr_code_of_the_verification_url(
    learner, approved_course, provider, tmp_path
):
    import zxingcpp

    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    client = Client()
    client.force_login(learner)
    pdf = client.get(reverse("courses:certificate_download", args=[certificate.code])).content
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = " ".join(page.extract_text().split())
    snapshot = certificate.snapshot
    for field in (
        "learner_name",
        "course_title",
        "course_type",
        "completion_date",
        "provider_name",
        "approved_provider_number",
        "course_approval_number",
        "signatory_name",
        "code",
    ):
        assert snapshot[field] in text, field
    assert "6.0 CEs" in text
    assert "CEU" not in text
    assert "ce@mantle.example" in text

    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "150",
            "-singlefile",
            str(tmp_path / "c.pdf"),
            str(tmp_path / "c"),
        ],
        check=True,
    )
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "c.png"))
    assert [barcode.text for barcode in found] == [snapshot["verification_url"]]
    again = client.get(reverse("courses:certificate_download", args=[certificate.code])).content
    assert PdfReader(BytesIO(again)).pages[0].extract_text() == page.extract_text()


def test_my_certificates_and_the_transcript_total_a_period(learner, approved_course, provider):
    complete(learner, approved_course)
    client = Client()
    client.force_login(learner)
    html = client.get(reverse("courses:my_certificates")).content.decode()
    assert "Safe Touch in Oncology Care" in html
    html = client.get(reverse("courses:transcript"), {"start": "2000-01-01"}).content.decode()
    assert "6.0 CEs" in html
    html = client.get(reverse("courses:transcript"), {"end": "2000-01-01"}).content.decode()
    assert "No completed courses in this period." in html
    pdf = client.get(reverse("courses:transcript"), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Safe Touch in Oncology Care" in text


def test_recording_attendance_for_a_live_course_issues_through_the_same_validator(
    approved_course, provider, admin_user
):
    import datetime

    attendee = LearnerFactory(legal_name="Sam Attendee")
    certificate = attendance_record(
        user=attendee,
        course=approved_course,
        actor=admin_user,
        attended_on=datetime.date(2026, 10, 3),
    )
    assert certificate.snapshot["completion_date"] == "2026-10-03"
    assert certificate.events.get().actor == admin_user


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_completions_issue_one_certificate(site_tree):
    configure_provider()
    course = CoursePageFactory(parent=CourseIndexPageFactory(slug="catalogue"), ce_hours="2.0")
    learner = LearnerFactory()
    enrolment = enrolment_create(user=learner, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at="2026-11-01T10:00:00Z")
    enrolment.refresh_from_db()
    results = run_concurrently(lambda: certificate_issue(enrolment=enrolment))
    assert len(results) == 2
    assert results[0].pk == results[1].pk
    assert Certificate.objects.count() == 1
    assert CertificateEvent.objects.count() == 1


def test_administrators_list_filter_revoke_reissue_and_export_the_roster(
    admin_client, learner, approved_course, provider
):
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    listing = admin_client.get("/admin/certificates/", {"status": "valid"}).content.decode()
    assert certificate.code in listing
    assert "Download CSV" in listing
    assert (
        "Lena Learner" in admin_client.get("/admin/certificates/", {"q": "lena"}).content.decode()
    )
    assert (
        certificate.code
        not in admin_client.get("/admin/certificates/", {"status": "revoked"}).content.decode()
    )

    roster = admin_client.get(
        "/admin/certificates/", {"course": approved_course.pk, "export": "csv"}
    )
    csv_text = b"".join(roster.streaming_content).decode()
    header, row = csv_text.strip().splitlines()
    assert header.startswith("name,email,license number")
    assert row.startswith(f"Lena Learner,{learner.email},")
    assert certificate.code in row
    assert row.endswith(",Valid")

    response = admin_client.post(
        f"/admin/certificates/{certificate.pk}/revoke/", {"reason": "Error"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    response = admin_client.post(
        f"/admin/certificates/{certificate.pk}/reissue/", {"reason": "Fixed"}
    )
    new = Certificate.objects.exclude(pk=certificate.pk).get()
    assert new.replaces_id == certificate.pk
    detail = admin_client.get(f"/admin/certificates/{new.pk}/").content.decode()
    assert "Reissued" in detail
    assert "Fixed" in detail


def test_the_roster_neutralises_cells_a_spreadsheet_would_run_as_formulas(
    admin_client, learner, approved_course, provider
):
    learner.legal_name = '=HYPERLINK("http://evil.example","Click")'
    learner.licence_number = "+1-555"
    learner.save()
    complete(learner, approved_course)
    roster = admin_client.get(
        "/admin/certificates/", {"course": approved_course.pk, "export": "csv"}
    )
    rows = list(csv.reader(b"".join(roster.streaming_content).decode().splitlines()))
    name, _email, licence = rows[1][:3]
    assert name == '\'=HYPERLINK("http://evil.example","Click")'
    assert licence == "'+1-555"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_certificate_admin_is_for_administrators_and_the_audit_log_has_no_edit_view(
    client, learner, approved_course, provider
):
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    client.force_login(InstructorFactory())
    # Wagtail turns the refusal into a redirect to the dashboard with an error message
    refused = client.get("/admin/certificates/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    client.post(f"/admin/certificates/{certificate.pk}/revoke/", {"reason": "x"})
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    roster = client.get("/admin/certificates/", {"course": approved_course.pk, "export": "csv"})
    assert roster.status_code == 302
    assert client.get("/admin/evaluations/").status_code == 200  # instructors read evaluations
    assert "Useful." in client.get("/admin/evaluations/").content.decode()
    for url in ("/admin/snippets/courses/certificateevent/", "/admin/courses/certificateevent/"):
        assert client.get(url).status_code == 404


def test_a_mail_failure_does_not_undo_the_certificate(
    learner, approved_course, provider, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr("courses.certificates.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, approved_course)
    assert Certificate.objects.filter(user=learner).count() == 1
    assert len(mail.outbox) == 0


def test_records_kept_six_years_refuse_the_deletion_of_their_course_or_learner(
    admin_client, learner, approved_course, provider
):
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    with pytest.raises(ProtectedError):
        approved_course.delete()
    response = admin_client.post(f"/admin/pages/{approved_course.pk}/delete/", follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert CoursePage.objects.filter(pk=approved_course.pk).exists()
    response = admin_client.post(f"/admin/users/delete/{learner.pk}/", follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Certificate.objects.filter(pk=certificate.pk, user=learner).exists()


def test_the_audit_trail_keeps_the_actors_name_when_the_account_is_deleted(
    admin_client, learner, approved_course, provider
):
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    officer = UserFactory(is_superuser=True, is_staff=True, legal_name="Ruth Registrar")
    certificate_revoke(certificate=certificate, actor=officer, reason="Duplicate")
    officer.delete()
    event = certificate.events.get(action="revoked")
    assert event.actor is None
    assert (event.actor_name, event.actor_email) == ("Ruth Registrar", officer.email)
    page = admin_client.get(f"/admin/certificates/{certificate.pk}/").content.decode()
    assert "Ruth Registrar" in page


def test_an_unknown_certificate_action_is_not_found(
    admin_client, learner, approved_course, provider
):
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    response = admin_client.post(f"/admin/certificates/{certificate.pk}/explode/", {"reason": "x"})
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == "valid"


def test_an_evaluation_comment_has_a_bounded_length(client, learner, approved_course):
    enrolment_create(user=learner, course=approved_course)
    client.force_login(learner)
    response = client.post(
        reverse("courses:evaluation", args=[approved_course.pk]),
        {**RATINGS, "comments": "x" * 2001},
    )
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert not CourseEvaluation.objects.exists()


def test_pdfs_load_nothing_from_files_or_hosts(caplog):
    from courses.pdf import render_pdf

    html = (
        '<p>Name</p><img src="file:///etc/hostname"><img src="http://127.0.0.1:9/x.png">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    assert render_pdf(html).startswith(b"%PDF")
    refused = [r.getMessage() for r in caplog.records if "disallowed protocol" in r.getMessage()]
    assert len(refused) == 2


def layout_of(html: str) -> tuple[int, dict]:
    """(pages, {class: (top, bottom)}) of the certificate's main blocks, in points."""
    from weasyprint import HTML

    document = HTML(string=html).render()
    spans: dict = {}

    def walk(box):
        element = getattr(box, "element", None)
        names = (element.get("class") or "").split() if element is not None else []
        if names and names[0] in ("name", "course", "facts", "contact", "sign", "verify"):
            top, bottom = spans.get(names[0], (1e9, 0))
            box_bottom = box.position_y + box.margin_height()
            spans[names[0]] = (min(top, box.position_y), max(bottom, box_bottom))
        for child in getattr(box, "children", []):
            walk(child)

    walk(document.pages[0]._page_box)
    return len(document.pages), spans


def test_a_certificate_stays_on_one_page_with_the_longest_name_and_title(
    learner, approved_course, provider
):
    learner.legal_name = ("Maximiliana " * 17 + "Okonkwo-Featherstonehaugh")[:200]
    learner.save()
    approved_course.approved_title = ("Oncology-Informed Touch and Esthetics " * 8)[:255]
    approved_course.save()
    certificate = Certificate.objects.get(enrolment=complete(learner, approved_course))
    assert len(certificate.snapshot["learner_name"]) == 200
    pages, spans = layout_of(certificate_html(certificate))
    assert pages == 1
    text_ends = max(spans[name][1] for name in ("name", "course", "facts", "contact"))
    assert text_ends < min(spans["sign"][0], spans["verify"][0])  # clear of signature and QR


def certificate_list_queries(client, course, rows: int) -> int:
    """Queries of the certificate list with ``rows`` issued certificates and ``rows``
    completed enrolments still waiting for one (no legal name yet)."""
    for _ in range(rows):
        for legal_name in ("Issued Learner", ""):
            enrolment = enrolment_create(user=LearnerFactory(legal_name=legal_name), course=course)
            Enrolment.objects.filter(pk=enrolment.pk).update(completed_at="2026-11-02T10:00Z")
            if legal_name:
                certificate_issue(enrolment=Enrolment.objects.get(pk=enrolment.pk))
    client.get("/admin/certificates/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/certificates/")
    assert response.status_code == 200
    return len(queries)


def test_the_certificate_list_costs_the_same_queries_for_one_row_or_ten(
    admin_client, catalogue, provider
):
    one = CoursePageFactory(parent=catalogue, approved_title="One", ce_hours="2.00")
    ten = CoursePageFactory(parent=catalogue, approved_title="Ten", ce_hours="2.00")
    first = certificate_list_queries(admin_client, one, 1)
    second = certificate_list_queries(admin_client, ten, 9)  # ten of each in all
    assert Certificate.objects.count() == 10
    assert first == second
