"""Clinical review for the quiz library, and nothing left of Wagtail's default moderation.

- The "Clinical review" workflow (``cms.0003``) is assigned to the quiz library's models:
  adaptation rules, client cases, choice questions and case-plan questions. A change to one
  is a draft until a clinical reviewer approves it.
- Instructors add and change library items and submit them for review (they cannot publish
  or delete one); clinical reviewers change, approve (publish) and unlock them.
- Wagtail's default "Moderators approval" workflow gives way to "Clinical review" on the
  pages it covered, and is removed with its task when no review ever ran through it (else it
  is only deactivated, so its history stays). The "Editors" and "Moderators" groups are
  removed when nobody is a member and no task names them.
"""

from django.db import migrations

WORKFLOW = "Clinical review"
INSTRUCTORS = "Instructors"
REVIEWERS = "Clinical reviewers"
DEFAULT_WORKFLOW = "Moderators approval"
DEFAULT_GROUPS = ("Editors", "Moderators")
LIBRARY = {
    "adaptationrule": "adaptation rule",
    "case": "case",
    "choicequestion": "choice question",
    "casequestion": "case-plan question",
}
INSTRUCTOR_ACTIONS = ("add", "change", "view", "lock")
REVIEWER_ACTIONS = ("change", "view", "publish", "lock", "unlock")


def _permission(apps, model, action):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="quizzes", model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {LIBRARY[model]}"},
    )
    return permission


def library_review(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")

    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is not None:
        for model in LIBRARY:
            content_type, _ = ContentType.objects.get_or_create(app_label="quizzes", model=model)
            WorkflowContentType.objects.update_or_create(
                content_type=content_type, defaults={"workflow": workflow}
            )

    for name, actions in ((INSTRUCTORS, INSTRUCTOR_ACTIONS), (REVIEWERS, REVIEWER_ACTIONS)):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *(_permission(apps, model, action) for model in LIBRARY for action in actions)
            )

    _retire_default_workflow(apps, workflow)
    _remove_default_groups(apps)


def _retire_default_workflow(apps, clinical_review):
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore.WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    TaskState = apps.get_model("wagtailcore.TaskState")
    Task = apps.get_model("wagtailcore.Task")

    default = Workflow.objects.filter(name=DEFAULT_WORKFLOW).first()
    if default is None:
        return
    if WorkflowState.objects.filter(workflow=default, status="in_progress").exists():
        return  # a review is under way through it: leave it to finish
    for assignment in WorkflowPage.objects.filter(workflow=default):
        if clinical_review is not None:
            assignment.workflow = clinical_review
            assignment.save()
        else:
            assignment.delete()
    task_ids = list(WorkflowTask.objects.filter(workflow=default).values_list("task", flat=True))
    if WorkflowState.objects.filter(workflow=default).exists():
        default.active = False
        default.save()
        return
    default.delete()
    for task in Task.objects.filter(pk__in=task_ids):
        in_use = WorkflowTask.objects.filter(task=task).exists()
        if not in_use and not TaskState.objects.filter(task=task).exists():
            task.delete()


def _remove_default_groups(apps):
    Group = apps.get_model("auth.Group")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    for group in Group.objects.filter(name__in=DEFAULT_GROUPS):
        if group.user_set.exists() or GroupApprovalTask.objects.filter(groups=group).exists():
            continue
        group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_import_records_for_pages_and_snippets"),
        ("cms", "0003_clinical_review_workflow"),
        ("accounts", "0003_asset_collections"),
        ("quizzes", "0004_attempt_grants_and_retakes"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(library_review, migrations.RunPython.noop)]
