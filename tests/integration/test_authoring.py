"""Instructors author in the Wagtail admin; clinical reviewers approve before publishing."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError, StreamValue
from wagtail.models import Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.accounts.roles import CLINICAL_REVIEWERS
from cms.blocks import CaseFactsBlock, ModuleBodyBlock
from cms.models import HomePage
from courses.models import ModulePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
    return user


@pytest.fixture
def review_workflow(catalogue):
    workflow = Workflow.objects.get(name="Clinical review")
    WorkflowPage.objects.create(page=catalogue, workflow=workflow)
    return workflow


def test_instructors_can_edit_but_not_publish_course_pages(instructor, modules):
    permissions = modules[0].permissions_for_user(instructor)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_the_admin_edit_view_and_preview_work_for_instructors(client, instructor, course, modules):
    client.force_login(instructor)
    response = client.get(f"/admin/pages/{modules[0].pk}/edit/")
    assert response.status_code == 200
    course_edit = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert "Estimated from the published content" in course_edit
    assert "CEs" in course_edit


def test_an_instructors_change_is_published_only_after_clinical_review(
    instructor, reviewer, review_workflow, modules
):
    module = modules[0]
    assert module.get_workflow() == review_workflow

    draft = module.get_latest_revision_as_object()
    draft.title = "Module 1, revised"
    revision = draft.save_revision(user=instructor)
    state = review_workflow.start(module, user=instructor)

    module.refresh_from_db()
    assert module.title == "Module 1"  # still the published version
    assert module.has_unpublished_changes
    task_state = state.current_task_state
    task = task_state.task.specific
    assert not task.user_can_access_editor(module, instructor)
    assert task.user_can_access_editor(module, reviewer)
    assert [a[0] for a in task.get_actions(module, instructor)] == []

    task.on_action(task_state, reviewer, "approve")

    module.refresh_from_db()
    assert module.title == "Module 1, revised"
    assert module.live_revision_id == revision.pk


def test_a_reviewer_can_reject_and_nothing_is_published(
    instructor, reviewer, review_workflow, modules
):
    module = modules[0]
    draft = module.get_latest_revision_as_object()
    draft.title = "Unsafe advice"
    draft.save_revision(user=instructor)
    state = review_workflow.start(module, user=instructor)
    state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "reject")
    module.refresh_from_db()
    assert module.title == "Module 1"


def test_module_body_refuses_duplicate_anchors():
    block = ModuleBodyBlock()
    value = StreamValue(
        block,
        [
            ("heading", block.child_blocks["heading"].to_python({"text": "A", "anchor": "a"})),
            ("heading", block.child_blocks["heading"].to_python({"text": "B", "anchor": "a"})),
        ],
    )
    with pytest.raises(StreamBlockValidationError) as raised:
        block.clean(value)
    assert "used twice" in str(raised.value.block_errors[1])


def test_case_facts_in_the_admin_are_validated_against_the_vocabulary():
    block = CaseFactsBlock()
    with pytest.raises(ValidationError) as raised:
        block.clean("labs: {platelets: 40000}\nservice: reiki")
    messages = raised.value.messages
    assert any(m.startswith("labs.platelets: unknown fact") for m in messages)
    assert any(m.startswith("service: unknown value") for m in messages)
    value = block.clean("labs: {platelets_per_uL: 40000}")
    assert value.facts == {"labs": {"platelets_per_uL": 40000}}
    assert value.sections[0]["heading"] == "Labs and vital signs"


def test_invalid_yaml_facts_are_refused_with_the_line():
    with pytest.raises(ValidationError, match="line 2"):
        CaseFactsBlock().clean("labs:\n  platelets_per_uL: [1\n")


def test_an_edited_module_stores_rendered_html(modules):
    module = ModulePage.objects.get(pk=modules[0].pk)
    module.body = [("markdown", "New **text**")]
    module.save_revision().publish()
    stored = ModulePage.objects.get(pk=module.pk).body.raw_data[0]["value"]
    assert stored["html"] == "<p>New <strong>text</strong></p>"


def test_a_source_link_in_the_admin_must_be_http_https_or_mailto(admin_client):
    from courses.models import Source

    data = {"number": 90, "citation": "A trap.", "url": "javascript:alert(1)"}
    response = admin_client.post("/admin/snippets/courses/source/add/", data)
    assert response.status_code == 200
    assert "http:// or https://" in response.content.decode()
    assert not Source.objects.filter(number=90).exists()
    data["url"] = "mailto:editor@example.org"
    assert admin_client.post("/admin/snippets/courses/source/add/", data).status_code == 302
    assert Source.objects.get(number=90).url == "mailto:editor@example.org"


def test_provider_assets_are_for_administrators_and_live_page_images_change_through_review(
    client, instructor, course
):
    import uuid

    import wagtail_factories
    from wagtail.images import get_image_model

    from cms.assets import COURSE_IMAGES, PROVIDER_ASSETS, collection
    from courses.models import ModulePage

    signature = wagtail_factories.ImageFactory(collection=collection(PROVIDER_ASSETS))
    shown, unused = (
        wagtail_factories.ImageFactory(
            collection=collection(COURSE_IMAGES), uploaded_by_user=instructor
        )
        for _ in range(2)
    )
    module = ModulePage(
        title="Images",
        slug="images",
        body=[
            {
                "type": "image",
                "value": {"image": shown.pk, "alt_text": "A diagram", "caption": ""},
                "id": str(uuid.uuid4()),
            }
        ],
    )
    course.add_child(instance=module)
    module.save_revision().publish()

    client.force_login(instructor)
    assert client.get(f"/admin/images/{unused.pk}/").status_code == 200  # their own, unused
    for image in (signature, shown):
        for url in (f"/admin/images/{image.pk}/", f"/admin/images/{image.pk}/delete/"):
            assert client.get(url).status_code in (302, 403), url
            client.post(url, {"title": "Swapped"})
            assert get_image_model().objects.filter(pk=image.pk, title=image.title).exists()
    upload = wagtail_factories.ImageFactory.build().file
    client.post(
        "/admin/images/add/",
        {"title": "New diagram", "collection": collection(COURSE_IMAGES).pk, "file": upload},
    )
    assert (
        get_image_model()
        .objects.filter(title="New diagram", collection=collection(COURSE_IMAGES))
        .exists()
    )


@pytest.mark.parametrize(
    ("action", "says", "live_title"),
    [
        ("approve", "Page 'Mantle CE, revised' approved in Clinical review and published.", True),
        ("reject", "Clinical review requested changes to the page 'Mantle CE, revised'.", False),
    ],
)
def test_a_reviewers_decision_in_the_page_editor_names_clinical_review(
    admin_client, instructor, action, says, live_title
):
    home = HomePage.objects.get()
    draft = home.get_latest_revision_as_object()
    draft.title = "Mantle CE, revised"
    draft.save_revision(user=instructor)
    home.get_workflow().start(home, user=instructor)
    data = nested_form_data(
        {
            "title": "Mantle CE, revised",
            "slug": home.slug,
            "lead": home.lead,
            "body": rich_text("<p>Welcome.</p>"),
            "comments": inline_formset([]),
            "action-workflow-action": "1",
            "workflow-action-name": action,
        }
    )
    response = admin_client.post(f"/admin/pages/{home.pk}/edit/", data, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert says in shown
    home.refresh_from_db()
    assert (home.title == "Mantle CE, revised") is live_title


def test_a_save_or_a_decision_on_an_ended_review_says_nothing_of_clinical_review(
    admin_client, instructor
):
    """Wagtail saves instead when the review ended before the reviewer's click: no claim."""
    home = HomePage.objects.get()
    home.save_revision(user=instructor)
    home.get_workflow().start(home, user=instructor).cancel(user=instructor)
    data = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "lead": home.lead,
            "body": rich_text("<p>Welcome.</p>"),
            "comments": inline_formset([]),
            "action-workflow-action": "1",
            "workflow-action-name": "approve",
        }
    )
    response = admin_client.post(f"/admin/pages/{home.pk}/edit/", data, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1
    assert "has been updated" in shown[0]
    assert "Clinical review" not in shown[0]
