"""The home page, the dashboard and the base template."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage

pytestmark = pytest.mark.django_db


def test_the_migrations_make_the_home_page_the_site_root():
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail").exists()


def test_home_page_renders_with_landmarks_skip_link_and_disclaimer(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert 'aria-label="Main"' in html
    assert "not medical advice" in html
    assert '<meta name="viewport"' in html
    assert 'lang="en"' in html


def test_pages_use_no_external_assets(client, learner_client):
    for response in (client.get("/"), client.get(reverse("account_login"))):
        html = response.content.decode()
        external = re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', html)
        assert external == []


def test_learner_pages_send_a_content_security_policy_and_run_no_inline_script(learner_client):
    pages = ["/", reverse("courses:dashboard"), reverse("courses:transcript"), "/search/?q=x"]
    for url in pages:
        response = learner_client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+=", html), url


def test_healthz_answers_over_plain_http_for_load_balancers(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_home_page_query_count_is_flat(client, django_assert_max_num_queries):
    client.get("/")  # warm the site-root cache
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200


def test_dashboard_shows_the_empty_state(learner_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = learner_client.get(reverse("courses:dashboard"))
    assert response.status_code == 200
    assert b"No courses yet" in response.content


def test_dashboard_requires_login(client):
    response = client.get(reverse("courses:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_home_page_can_only_be_created_at_the_root():
    class Checks(WagtailPageTestCase):
        def runTest(self):  # pragma: no cover - only used to reach the assertions
            pass

    checks = Checks()
    checks.assertCanCreateAt(Page, HomePage)
    checks.assertCanNotCreateAt(HomePage, HomePage)
    checks.assertAllowedParentPageTypes(HomePage, {Page})


def test_healthz_answers_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
