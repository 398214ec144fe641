"""Content import, in one direction: ``loader`` reads files (YAML with the line of every
value), ``schema`` gives each kind of file its shape (pydantic), ``parser`` turns a folder
into validated objects without touching the database, ``sync`` is the one way anything is
written (revisions, import records, admin edits kept), ``pages`` and ``library`` say what is
written, and ``run.content_import`` puts them in order."""
