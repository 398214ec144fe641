"""Attempts started before layouts were snapshots keep working: their layout is rewritten as a
snapshot of the questions as they are now (option values become the attempt's own tokens,
and saved selections follow them)."""

import secrets

from django.db import migrations


def snapshot_layouts(apps, schema_editor):
    Attempt = apps.get_model("quizzes", "Attempt")
    ChoiceQuestion = apps.get_model("quizzes", "ChoiceQuestion")
    CaseQuestion = apps.get_model("quizzes", "CaseQuestion")
    for attempt in Attempt.objects.all():
        if all("prompt" in entry for entry in attempt.layout):
            continue
        layout, answers = [], dict(attempt.answers or {})
        for entry in attempt.layout:
            if "prompt" in entry:
                layout.append(entry)
                continue
            if entry["kind"] == "choice":
                question = ChoiceQuestion.objects.filter(key=entry["key"]).first()
                if question is None:
                    continue
                by_pk = {o.pk: o for o in question.options.all()}
                order = [pk for pk in entry.get("options", []) if pk in by_pk] or list(by_pk)
                tokens = {pk: secrets.token_urlsafe(9) for pk in order}
                layout.append({
                    "kind": "choice", "key": question.key, "prompt": question.prompt,
                    "multiple": question.multiple, "points": question.points,
                    "options": [
                        {"value": tokens[pk], "text": by_pk[pk].text,
                         "correct": by_pk[pk].correct, "feedback": by_pk[pk].feedback}
                        for pk in order
                    ],
                })
                saved = answers.get(question.key) or {}
                if "selected" in saved:
                    saved["selected"] = [
                        tokens[int(s)] for s in saved["selected"]
                        if str(s).isdigit() and int(s) in tokens
                    ]
            else:
                question = CaseQuestion.objects.filter(key=entry["key"]).first()
                if question is None:
                    continue
                case = question.case
                layout.append({
                    "kind": "case_plan", "key": question.key, "prompt": question.prompt,
                    "fields": list(question.fields), "points": question.points,
                    "case": {"case_id": case.case_id, "title": case.title, "intro": case.intro,
                             "facts": case.facts, "vignette": case.vignette},
                })
        attempt.layout, attempt.answers = layout, answers
        attempt.save(update_fields=["layout", "answers"])


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0002_records_kept_six_years")]
    operations = [migrations.RunPython(snapshot_layouts, migrations.RunPython.noop)]
