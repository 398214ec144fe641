from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError
from localflavor.us.us_states import STATE_CHOICES

from .models import Profession
from .services import learner_register


class LearnerDetailsForm(forms.Form):
    """The fields a licensing board needs: shared by sign-up and the profile page."""

    legal_name = forms.CharField(
        label="Legal name",
        max_length=200,
        help_text="As it appears on your license. It is printed on your certificates.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your legal name as it appears on your license."},
    )
    profession = forms.ChoiceField(label="Profession", choices=Profession.choices)
    licence_number = forms.CharField(
        label="License number (optional)", max_length=64, required=False
    )
    licence_state = forms.ChoiceField(
        label="License state (optional)",
        choices=[("", "Not set"), *STATE_CHOICES],
        required=False,
    )

    def clean_legal_name(self):
        value = " ".join(self.cleaned_data["legal_name"].split())
        if not value:
            raise forms.ValidationError("Enter your legal name as it appears on your license.")
        return value


class SignupForm(LearnerDetailsForm):
    """Merged by allauth into its sign-up form (``ACCOUNT_SIGNUP_FORM_CLASS``)."""

    def clean(self):
        """allauth checks the password against a user that has only an email; the legal
        name is ours, so the likeness to it is checked here."""
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and cleaned.get("legal_name"):
            learner = get_user_model()(
                email=cleaned.get("email", ""), legal_name=cleaned["legal_name"]
            )
            try:
                UserAttributeSimilarityValidator(user_attributes=("legal_name",)).validate(
                    password, learner
                )
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def signup(self, request, user):
        learner_register(
            user=user,
            legal_name=self.cleaned_data["legal_name"],
            profession=self.cleaned_data["profession"],
            licence_number=self.cleaned_data["licence_number"],
            licence_state=self.cleaned_data["licence_state"],
        )


class ProfileForm(LearnerDetailsForm):
    @classmethod
    def for_user(cls, user, data=None):
        initial = {
            "legal_name": user.legal_name,
            "profession": user.profession,
            "licence_number": user.licence_number,
            "licence_state": user.licence_state,
        }
        return cls(data=data, initial=initial)
