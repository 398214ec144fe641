"""Quiz, question and attempt models (added with the quiz features)."""
