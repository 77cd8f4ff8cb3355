"""Drafts with snapshots, reference data, variant configs, generations, versions,
published sessions, AI interactions and the knowledge base.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# RFC 7396 in the database, so an autosave is one UPDATE … RETURNING: the patch is
# applied where the row lives, under the revision check of the same statement.
MERGE_PATCH = """
CREATE FUNCTION merge_patch(target jsonb, patch jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  result jsonb;
  k text;
  v jsonb;
BEGIN
  IF patch IS NULL OR jsonb_typeof(patch) <> 'object' THEN
    RETURN patch;
  END IF;
  IF target IS NULL OR jsonb_typeof(target) <> 'object' THEN
    result := '{}'::jsonb;
  ELSE
    result := target;
  END IF;
  FOR k, v IN SELECT key, value FROM jsonb_each(patch) LOOP
    IF jsonb_typeof(v) = 'null' THEN
      result := result - k;
    ELSE
      result := jsonb_set(result, ARRAY[k], merge_patch(result -> k, v));
    END IF;
  END LOOP;
  RETURN result;
END $$;
"""

TABLES = [
    """
    CREATE TABLE categories (
        id integer PRIMARY KEY, name text NOT NULL UNIQUE, description text NOT NULL
    )""",
    """
    CREATE TABLE audiences (
        id integer PRIMARY KEY, name text NOT NULL UNIQUE, description text NOT NULL
    )""",
    """
    CREATE TABLE tones (
        id integer PRIMARY KEY, name text NOT NULL UNIQUE, description text NOT NULL
    )""",
    """
    CREATE TABLE locations (
        id integer PRIMARY KEY, name text NOT NULL UNIQUE, kind text NOT NULL,
        timezone text NOT NULL
    )""",
    """
    CREATE TABLE drafts (
        id uuid PRIMARY KEY,
        owner_id text NOT NULL,
        status text NOT NULL DEFAULT 'draft',
        revision integer NOT NULL DEFAULT 1,
        doc jsonb NOT NULL,
        accepted_version_id uuid,
        published_session_id uuid,
        published_revision integer,
        last_autosave_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_drafts_owner ON drafts (owner_id, created_at DESC, id DESC)",
    """
    CREATE TABLE draft_snapshots (
        draft_id uuid NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        revision integer NOT NULL,
        doc jsonb NOT NULL,
        accepted_version_id uuid,
        restores integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (draft_id, revision)
    )""",
    """
    CREATE TABLE variant_configs (
        persona text PRIMARY KEY,
        position integer NOT NULL,
        label text NOT NULL,
        description text NOT NULL,
        instruction text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
    )""",
    """
    CREATE TABLE generations (
        id uuid PRIMARY KEY,
        draft_id uuid NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        owner_id text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        request jsonb NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        rag_weight double precision,
        rag_weight_reason text,
        retrieval jsonb,
        fallback boolean NOT NULL DEFAULT false,
        error text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
    )""",
    "CREATE INDEX ix_generations_draft ON generations (draft_id, requested_at DESC)",
    "CREATE INDEX ix_generations_open ON generations (requested_at) "
    "WHERE status IN ('pending', 'running')",
    """
    CREATE TABLE variants (
        id uuid PRIMARY KEY,
        generation_id uuid NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
        persona text NOT NULL,
        position integer NOT NULL,
        label text NOT NULL,
        description text NOT NULL,
        status text NOT NULL,
        provider text NOT NULL,
        outline jsonb,
        sources jsonb NOT NULL DEFAULT '[]',
        contribution jsonb,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (generation_id, persona)
    )""",
    """
    CREATE TABLE ai_versions (
        id uuid PRIMARY KEY,
        draft_id uuid NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        generation_id uuid,
        variant_id uuid,
        persona text,
        label text NOT NULL,
        provider text NOT NULL,
        outline jsonb NOT NULL,
        sources jsonb NOT NULL DEFAULT '[]',
        contribution jsonb,
        rag_weight double precision,
        created_at timestamptz NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_ai_versions_draft ON ai_versions (draft_id, created_at)",
    """
    CREATE TABLE published_sessions (
        id uuid PRIMARY KEY,
        draft_id uuid NOT NULL UNIQUE,
        owner_id text NOT NULL,
        title text NOT NULL,
        session_type text NOT NULL,
        category text NOT NULL,
        metadata jsonb NOT NULL,
        starts_at timestamptz,
        ends_at timestamptz,
        timezone text,
        audience_id integer,
        audience_name text,
        location text,
        current_version integer NOT NULL,
        status text NOT NULL DEFAULT 'published',
        published_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
    )""",
    """
    CREATE TABLE session_content_versions (
        session_id uuid NOT NULL REFERENCES published_sessions (id) ON DELETE CASCADE,
        version integer NOT NULL,
        draft_revision integer NOT NULL,
        outline jsonb NOT NULL,
        accepted_version_id uuid,
        readiness_score integer NOT NULL,
        published_by text NOT NULL,
        published_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, version),
        UNIQUE (session_id, draft_revision)
    )""",
    """
    CREATE TABLE ai_interactions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        owner_id text NOT NULL,
        draft_id uuid NOT NULL,
        kind text NOT NULL,
        generation_id uuid,
        variant_id uuid,
        version_id uuid,
        variant_label text,
        persona text,
        rag_weight double precision,
        category text,
        data jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_ai_interactions_kind ON ai_interactions (kind, created_at)",
    """
    CREATE TABLE documents (
        id uuid PRIMARY KEY,
        owner_id text NOT NULL,
        title text NOT NULL,
        content_type text NOT NULL,
        shared boolean NOT NULL DEFAULT false,
        chars integer NOT NULL,
        chunk_count integer NOT NULL,
        embedded boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
    )""",
    "CREATE INDEX ix_documents_owner ON documents (owner_id, created_at DESC, id DESC)",
    "CREATE INDEX ix_documents_shared ON documents (created_at DESC, id DESC) WHERE shared",
    """
    CREATE TABLE chunks (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        owner_id text NOT NULL,
        shared boolean NOT NULL,
        position integer NOT NULL,
        heading text NOT NULL,
        text text NOT NULL,
        search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', heading), 'A')
            || setweight(to_tsvector('english', text), 'B')
        ) STORED
    )""",
    "CREATE INDEX ix_chunks_search ON chunks USING gin (search_vector)",
    "CREATE INDEX ix_chunks_document ON chunks (document_id, position)",
]

SEEDS = [
    """
    INSERT INTO categories (id, name, description) VALUES
      (1, 'Sales', 'Selling, negotiation and objection handling'),
      (2, 'Leadership', 'Leading people and teams'),
      (3, 'Customer Service', 'Support, service recovery and retention'),
      (4, 'Communication', 'Presenting, writing and difficult conversations'),
      (5, 'Onboarding', 'Getting new people productive'),
      (6, 'Compliance', 'Policies, regulation and safe practice'),
      (7, 'Technical', 'Tools, products and technical skills')
    """,
    """
    INSERT INTO audiences (id, name, description) VALUES
      (1, 'New hires', 'First weeks in the role; little context yet'),
      (2, 'Individual contributors', 'Experienced practitioners'),
      (3, 'Team leads', 'First-line managers of small teams'),
      (4, 'Senior managers', 'Managers of managers'),
      (5, 'Executives', 'Decision makers with little time'),
      (6, 'Mixed audience', 'People from several levels and roles')
    """,
    """
    INSERT INTO tones (id, name, description) VALUES
      (1, 'Professional', 'Clear, precise and neutral'),
      (2, 'Conversational', 'Warm and informal'),
      (3, 'Energetic', 'Upbeat, fast-paced, motivating'),
      (4, 'Supportive', 'Patient, encouraging, safe to fail'),
      (5, 'Direct', 'Brief and to the point')
    """,
    """
    INSERT INTO locations (id, name, kind, timezone) VALUES
      (1, 'Online (video call)', 'virtual', 'UTC'),
      (2, 'London office', 'in_person', 'Europe/London'),
      (3, 'New York office', 'in_person', 'America/New_York'),
      (4, 'Berlin office', 'in_person', 'Europe/Berlin'),
      (5, 'Singapore office', 'in_person', 'Asia/Singapore'),
      (6, 'Hybrid (office and video)', 'hybrid', 'UTC')
    """,
    """
    INSERT INTO variant_configs (persona, position, label, description, instruction) VALUES
      ('precision', 1, 'Precision',
       'Structured and methodical: clear objectives, step-by-step content, '
       'checks of understanding.',
       'Design a tightly structured {session_type} titled "{title}" for {audience} in a {tone} '
       'tone. The outcome is: {desired_outcome}. Sequence the content step by step, one idea '
       'per section, each ending in a short check of understanding. Cover: {topics}. '
       'Use the {rag_hits} retrieved knowledge excerpts as the factual basis '
       '(weight {rag_weight}).'),
      ('insight', 2, 'Insight',
       'Analytical and evidence-led: the why behind the problem, cases and reflection.',
       'Design a {session_type} titled "{title}" for {audience} that explains why the problem '
       '"{current_problem}" happens and what the evidence says. Build sections around analysis, '
       'a case study and guided reflection, in a {tone} tone, leading to: {desired_outcome}. '
       'Topics: {topics}. Ground claims in the {rag_hits} retrieved excerpts '
       '(weight {rag_weight}).'),
      ('ignite', 3, 'Ignite',
       'Energetic and hands-on: activities, challenges and momentum.',
       'Design a high-energy {session_type} titled "{title}" for {audience}: short inputs, '
       'frequent hands-on activities, a team challenge and a commitment to act, in a {tone} '
       'tone. Drive towards: {desired_outcome}. Topics: {topics}. Use the {rag_hits} retrieved '
       'excerpts for activity material (weight {rag_weight}).'),
      ('connect', 4, 'Connect',
       'Collaborative and people-centred: discussion, peer learning and shared practice.',
       'Design a collaborative {session_type} titled "{title}" for {audience} built on '
       'discussion, pair work and peer coaching, in a {tone} tone, so participants reach: '
       '{desired_outcome}. Topics: {topics}. Bring in the {rag_hits} retrieved excerpts as '
       'discussion prompts (weight {rag_weight}).')
    """,
]


def upgrade() -> None:
    op.execute(MERGE_PATCH)
    for statement in TABLES + SEEDS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("restore from a backup instead")
