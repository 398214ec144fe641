"""The "Clinical review" workflow and the group that approves it.

An instructor's change to a course page or module must be approved by a member of
"Clinical reviewers" before it is published. The content importer assigns the workflow to
the course catalogue page (and so to every course and module under it).
"""

from django.db import migrations

REVIEWERS = "Clinical reviewers"
WORKFLOW = "Clinical review"


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    verb, _, noun = codename.partition("_")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can {verb} {noun}"}
    )
    return permission


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.add(_permission(apps, "wagtailadmin", "admin", "access_admin"))
    # Approving the last task publishes the page as the approver, so reviewers need publish.
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=reviewers,
            page=Page.objects.get(depth=1),
            permission=_permission(apps, "wagtailcore", "page", codename),
        )

    if Workflow.objects.filter(name=WORKFLOW).exists():
        return
    workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.create(
        name="Clinical reviewer approves", active=True, content_type=task_type
    )
    task.groups.add(reviewers)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


def remove_workflow(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("auth.Group").objects.filter(name=REVIEWERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_create_homepage"),
        ("accounts", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
