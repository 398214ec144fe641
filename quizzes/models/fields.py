"""A structure stored as JSON and edited as YAML.

Rules' requirements and cases' facts are data the engine reads: the database keeps them as
validated structures (JSON), never as text to parse again at grading time. Instructors
edit them in the admin as YAML, the notation of the files under content/ and of the
course's worked examples.
"""

from __future__ import annotations

import json

import yaml
from django import forms
from django.db import models


class YAMLFormField(forms.JSONField):
    """A textarea of YAML; a mistake is reported with its line, on the field."""

    default_error_messages = {"invalid": "This is not valid YAML%(where)s."}
    widget = forms.Textarea(attrs={"rows": 8, "spellcheck": "false"})

    def to_python(self, value):
        if self.disabled or value in self.empty_values:
            return None
        try:
            return yaml.safe_load(value)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark else ""
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"where": where}
            ) from error

    def bound_data(self, data, initial):
        return data  # the author's own text, kept as typed when the form is shown again

    def prepare_value(self, value):
        if isinstance(value, str):  # the author's text, back from a form with errors
            return value
        if value in (None, "", {}, []):
            return ""
        return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=100)

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except forms.ValidationError:
            return True
        return json.dumps(initial, sort_keys=True) != json.dumps(data, sort_keys=True)


class StructureField(models.JSONField):
    """JSON in the database, YAML in the admin."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": YAMLFormField, **kwargs})
