"""Enrolment, progress and completion models (added with the course features)."""
