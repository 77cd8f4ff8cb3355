"""SessionHub grader: scores training-session transcripts (LLM grader with heuristic fallback)."""
