"""session-api: training sessions, live transcripts, groups in bulk, analytics."""
