"""Role names. Roles are Django groups, created by migration ``0002_roles``.

- Learner: everyone who signs up; no admin access.
- Instructor: Wagtail admin access and permission to add and edit pages, images and
  documents. Publishing goes through the moderation workflow.
- Administrator: a superuser (Wagtail's own notion of "can do everything").
"""

LEARNERS = "Learners"
INSTRUCTORS = "Instructors"
