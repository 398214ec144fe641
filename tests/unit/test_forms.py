"""Sign-up and profile field validation that needs no database."""

from cms.accounts.forms import LearnerDetailsForm


def details(**overrides):
    data = {
        "legal_name": "Maria Jose Alvarez",
        "profession": "esthetician",
        "licence_number": "",
        "licence_state": "",
    }
    data.update(overrides)
    return LearnerDetailsForm(data=data)


def test_valid_details_collapse_whitespace_in_the_legal_name():
    form = details(legal_name="  Maria   Jose  Alvarez ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["legal_name"] == "Maria Jose Alvarez"


def test_blank_legal_name_is_refused_on_the_field():
    form = details(legal_name="   ")
    assert not form.is_valid()
    assert "legal name" in form.errors["legal_name"][0].lower()


def test_unknown_profession_is_refused():
    form = details(profession="surgeon")
    assert not form.is_valid()
    assert "profession" in form.errors


def test_licence_state_must_be_a_us_state_code():
    assert details(licence_state="CA").is_valid()
    form = details(licence_state="ZZ")
    assert not form.is_valid()
    assert "licence_state" in form.errors
