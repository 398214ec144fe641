"""The adaptation-rule engine: pure Python, no Django.

Case facts and session plans go in as plain data; reports with reasons come out. The one
place this meets the database is ``quizzes.grading``. An import-linter contract keeps Django
out of this package.
"""
