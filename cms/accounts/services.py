"""State changes of accounts. Views, forms, commands and tests all go through these."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from .roles import LEARNERS


def learner_profile_update(
    *,
    user,
    legal_name: str,
    profession: str,
    licence_number: str = "",
    licence_state: str = "",
):
    """Set the learner's certificate identity. Raises ``ValidationError`` keyed by field."""
    values = {
        "legal_name": " ".join((legal_name or "").split()),
        "profession": profession,
        "licence_number": (licence_number or "").strip(),
        "licence_state": (licence_state or "").strip().upper(),
    }
    if not values["legal_name"]:
        raise ValidationError(
            {"legal_name": "Enter your legal name as it appears on your license."}
        )
    errors = {}
    for name, value in values.items():
        try:
            user._meta.get_field(name).clean(value, user)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(user, name, value)
    user.save(update_fields=list(values))
    return user


@transaction.atomic
def learner_register(
    *, user, legal_name: str, profession: str, licence_number: str = "", licence_state: str = ""
):
    """Complete a sign-up: store the profile fields and give the Learner role."""
    learner_profile_update(
        user=user,
        legal_name=legal_name,
        profession=profession,
        licence_number=licence_number,
        licence_state=licence_state,
    )
    learners, _ = Group.objects.get_or_create(name=LEARNERS)
    user.groups.add(learners)
    return user
