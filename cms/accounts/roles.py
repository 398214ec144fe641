"""Role names. Roles are Django groups, created by migrations (``accounts.0002_roles``).

- Learner: everyone who signs up; no admin access.
- Instructor: Wagtail admin access and permission to add and edit pages, images and
  documents, and to add, change and lock the quiz library's rules, cases and questions
  (``cms.0005``). Publishing goes through the "Clinical review" workflow: an instructor
  saves drafts and submits them, and cannot publish.
- Clinical reviewer: approves (and so publishes) or sends back instructors' changes to
  courses, modules and the quiz library through the "Clinical review" workflow (migrations
  ``cms.0003`` and ``cms.0005``); emailed on each submission.
- Administrator: a superuser (Wagtail's own notion of "can do everything").
"""

LEARNERS = "Learners"
INSTRUCTORS = "Instructors"
CLINICAL_REVIEWERS = "Clinical reviewers"
CLINICAL_REVIEW_WORKFLOW = "Clinical review"
