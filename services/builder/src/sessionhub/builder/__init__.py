"""Session builder: drafts, RAG-assisted outline variants, versions, publish."""
