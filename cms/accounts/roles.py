"""Role names. Roles are Django groups, created by migrations (``accounts.0002_roles``).

- Learner: everyone who signs up; no admin access.
- Instructor: Wagtail admin access and permission to add and edit pages, images and
  documents. Publishing goes through the moderation workflow.
- Clinical reviewer: approves (and so publishes) instructors' changes to courses and
  modules through the "Clinical review" workflow (migration ``cms.0003``).
- Administrator: a superuser (Wagtail's own notion of "can do everything").
"""

LEARNERS = "Learners"
INSTRUCTORS = "Instructors"
CLINICAL_REVIEWERS = "Clinical reviewers"
CLINICAL_REVIEW_WORKFLOW = "Clinical review"
