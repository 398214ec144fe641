"""Demo data beyond the accounts: provider details and a graduate with a certificate.

Only for local use and the benchmark (``DEMO_ACCOUNTS_ALLOWED``). Runs through the same
services as real learners, so the graduate's certificate is a real one.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image, ImageDraw
from wagtail.images import get_image_model

from cms.accounts.roles import LEARNERS
from cms.assets import PROVIDER_ASSETS, collection
from courses.certificates import evaluation_submit
from courses.models import Certificate, CoursePage, Enrolment, ModulePage, ProviderSettings
from courses.services import assessment_record, enrolment_create, module_visit_record
from quizzes.models import QuizPage

GRADUATE = ("graduate@mantle.test", "mantle-graduate", "Grace Graduate")


def _signature_image():
    Image_ = get_image_model()
    image = Image_.objects.filter(title="Demo signature").first()
    if image:
        return image
    canvas = Image.new("RGB", (360, 90), "white")
    draw = ImageDraw.Draw(canvas)
    draw.line(
        [(20, 60), (80, 20), (120, 70), (170, 25), (230, 65), (300, 30), (340, 55)],
        fill="#1d2530",
        width=4,
    )
    buffer = BytesIO()
    canvas.save(buffer, format="PNG")
    image = Image_(
        title="Demo signature",
        file=ImageFile(buffer, name="demo-signature.png"),
        collection=collection(PROVIDER_ASSETS),
    )
    image.save()
    return image


def demo_provider_ensure() -> ProviderSettings:
    """Fill in demo provider details, unless an administrator has entered real ones."""
    provider = ProviderSettings.load()
    if not provider.provider_name:
        provider.provider_name = "Mantle CE (demo provider)"
        provider.address = "100 Example Street, Portland, OR 97201"
        provider.email = "ce@mantle.test"
        provider.approving_body = "NCBTMB"
        provider.approved_provider_number = "DEMO-000000"
        provider.signatory_name = "Dana Reyes"
        provider.signatory_title = "Director of Education"
        provider.signature = _signature_image()
        provider.save()
    return provider


def demo_graduate_ensure() -> Certificate | None:
    """A learner who has completed the shipped course and holds its certificate."""
    course = CoursePage.objects.live().filter(slug="oncology-care").first()
    if course is None:
        return None
    User = get_user_model()
    email, password, name = GRADUATE
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=password,
            legal_name=name,
            licence_number="MT-000123",
            licence_state="OR",
        )
        user.groups.add(Group.objects.get(name=LEARNERS))
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing:
        return existing
    demo_provider_ensure()
    modules = list(ModulePage.objects.live().child_of(course).order_by("path"))
    # The graduate studied over the past weeks: each module for its minimum study time (the
    # page reports every few minutes while it is read), then its quiz.
    now = timezone.now() - timedelta(days=14)
    enrolment_create(user=user, course=course, now=now)
    for module in modules:
        end = now + timedelta(minutes=module.required_study_minutes)
        while now <= end:
            module_visit_record(user=user, module=module, now=now)
            now += timedelta(minutes=5)
        if QuizPage.objects.live().child_of(module).exists():
            assessment_record(user=user, page=module, score=100, passed=True, now=now)
        now += timedelta(days=1)
    if QuizPage.objects.live().child_of(course).exists():
        assessment_record(user=user, page=course, score=100, passed=True, now=now)
    evaluation_submit(
        user=user,
        course=course,
        objectives_met=5,
        relevance=5,
        presentation=4,
        comments="Clear and practical.",
    )
    Enrolment.objects.get(user=user, course=course)
    return Certificate.objects.filter(user=user, course=course).first()
