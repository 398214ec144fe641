"""Content import: ``parser`` reads content/ into plain objects (pure, unit-tested);
``sync`` writes them into the CMS by slug, through revisions, idempotently."""
