"""SessionHub shared library: config, logging, db, events, auth, errors, LLM."""
