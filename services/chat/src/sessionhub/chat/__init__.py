"""Chat: persistent sessions with AI personas, streamed replies, and a history that
scales on its own (API → bus → persister workers → PostgreSQL, Redis recent-tail)."""
