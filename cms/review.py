"""How a clinical reviewer's decision is confirmed in the admin.

Wagtail confirms a reviewer's approval or request for changes only with "has been updated";
here the message names Clinical review and says what followed. The library's edit screens
(``quizzes.viewsets.LibraryEditView``) and the page editor (``cms.wagtail_hooks``) both say
it in these words. "Clinical review" is the only workflow and has one task, so an approval
publishes.
"""

from django.utils.text import capfirst

REVIEWED = {
    "approve": "{Noun} '{title}' approved in Clinical review and published.",
    "reject": "Clinical review requested changes to the {noun} '{title}'.",
}


def review_confirmation(action: str | None, noun: str, title: str) -> str | None:
    """The confirmation of a reviewer's ``action`` on the ``noun`` (a "page", an "adaptation
    rule"...) called ``title``; None for an action that is not a review decision."""
    message = REVIEWED.get(action or "")
    return message and message.format(Noun=capfirst(noun), noun=noun, title=title)
