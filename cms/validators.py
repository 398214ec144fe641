"""Validators shared by the importer and the admin."""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

_web = URLValidator(schemes=["http", "https"])
_email = EmailValidator()
LINK_MESSAGE = "Enter an http:// or https:// address, or mailto: and an email address."


def validate_link(value: str) -> None:
    """A link a learner may follow: http, https or mailto only. Anything else (javascript:,
    data:, file:) would run or fetch something on the learner's side."""
    value = (value or "").strip()
    if not value:
        return
    try:
        if value.lower().startswith("mailto:"):
            _email(value[len("mailto:") :])
        else:
            _web(value)
    except ValidationError:
        raise ValidationError(LINK_MESSAGE, code="invalid_link") from None
