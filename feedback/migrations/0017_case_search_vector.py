"""Full-text search for the officer list (issue 14): a stored `tsvector` on the case.

`feedback_case.search_vector` holds, in PostgreSQL's English configuration (stemmed: "complaints"
finds "complaint") and again in 'simple' (unstemmed, for Welsh, which has no built-in
configuration, and for names): the reference, summary, description, outcome wanted, the
customer's name, the case's internal notes and customer contacts (timeline `note`/`customer`
entries), and `search_documents`, a vector a wing keeps of its own documents about the case (the
letters app's trigger puts its letters' text there; Django never writes that column, so a case
saved from a stale object cannot overwrite it).

Triggers keep the vector current in the same transaction as the change: the case's own BEFORE
trigger rebuilds it when a text column changes or when someone sets it to NULL, which is how the
triggers on customers (a name changed) and timeline entries (a note added, edited or deleted)
ask for a rebuild. Existing rows are filled by one set-based UPDATE. SQLite keeps the column
empty and searches with `icontains` (feedback.search). The GIN index is made here, not in
the model's Meta, because SQLite has no GIN.
"""

import django.contrib.postgres.search
from django.db import migrations

NOTE_KINDS = "('note', 'customer')"

FORWARD = f"""
ALTER TABLE feedback_case ADD COLUMN IF NOT EXISTS search_documents tsvector;

CREATE OR REPLACE FUNCTION feedback_case_search_text(
    for_case bigint, for_customer bigint, own text
) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ', own,
        (SELECT concat_ws(' ', c.first_name, c.last_name)
           FROM feedback_customer c WHERE c.id = for_customer),
        (SELECT string_agg(coalesce(nullif(e.detail, ''), e.summary), ' ')
           FROM feedback_caseevent e WHERE e.case_id = for_case AND e.kind IN {NOTE_KINDS}))
$$;

CREATE OR REPLACE FUNCTION feedback_case_search_vector(document text, documents tsvector)
RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
    SELECT to_tsvector('english', document) || to_tsvector('simple', document)
        || coalesce(documents, ''::tsvector)
$$;

-- The backfill, set-based: one statement for every existing case, before the triggers.
UPDATE feedback_case c SET search_vector = feedback_case_search_vector(
    concat_ws(' ', c.reference, c.summary, c.description, c.outcome_wanted,
        cu.first_name, cu.last_name, n.notes), c.search_documents)
FROM feedback_case c2
LEFT JOIN feedback_customer cu ON cu.id = c2.customer_id
LEFT JOIN (SELECT e.case_id, string_agg(coalesce(nullif(e.detail, ''), e.summary), ' ') AS notes
             FROM feedback_caseevent e WHERE e.kind IN {NOTE_KINDS} GROUP BY e.case_id) n
       ON n.case_id = c2.id
WHERE c2.id = c.id;

CREATE OR REPLACE FUNCTION feedback_case_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.search_vector IS NULL
       OR NEW.search_vector IS DISTINCT FROM OLD.search_vector
       OR NEW.search_documents IS DISTINCT FROM OLD.search_documents
       OR NEW.reference IS DISTINCT FROM OLD.reference
       OR NEW.summary IS DISTINCT FROM OLD.summary
       OR NEW.description IS DISTINCT FROM OLD.description
       OR NEW.outcome_wanted IS DISTINCT FROM OLD.outcome_wanted
       OR NEW.customer_id IS DISTINCT FROM OLD.customer_id THEN
        NEW.search_vector := feedback_case_search_vector(
            feedback_case_search_text(NEW.id, NEW.customer_id,
                concat_ws(' ', NEW.reference, NEW.summary, NEW.description, NEW.outcome_wanted)),
            NEW.search_documents);
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER feedback_case_search_refresh BEFORE INSERT OR UPDATE ON feedback_case
    FOR EACH ROW EXECUTE FUNCTION feedback_case_search_refresh();

CREATE OR REPLACE FUNCTION feedback_customer_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE feedback_case SET search_vector = NULL WHERE customer_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER feedback_customer_search_refresh AFTER UPDATE OF first_name, last_name
    ON feedback_customer FOR EACH ROW
    WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name
          OR OLD.last_name IS DISTINCT FROM NEW.last_name)
    EXECUTE FUNCTION feedback_customer_search_refresh();

CREATE OR REPLACE FUNCTION feedback_caseevent_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.kind IN {NOTE_KINDS} THEN
        UPDATE feedback_case SET search_vector = NULL WHERE id = OLD.case_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.kind IN {NOTE_KINDS} THEN
        UPDATE feedback_case SET search_vector = NULL WHERE id = NEW.case_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER feedback_caseevent_search_refresh AFTER INSERT OR UPDATE OR DELETE
    ON feedback_caseevent FOR EACH ROW EXECUTE FUNCTION feedback_caseevent_search_refresh();

CREATE INDEX IF NOT EXISTS case_search_vector_idx ON feedback_case USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS case_search_vector_idx;
DROP TRIGGER IF EXISTS feedback_caseevent_search_refresh ON feedback_caseevent;
DROP TRIGGER IF EXISTS feedback_customer_search_refresh ON feedback_customer;
DROP TRIGGER IF EXISTS feedback_case_search_refresh ON feedback_case;
DROP FUNCTION IF EXISTS feedback_caseevent_search_refresh();
DROP FUNCTION IF EXISTS feedback_customer_search_refresh();
DROP FUNCTION IF EXISTS feedback_case_search_refresh();
DROP FUNCTION IF EXISTS feedback_case_search_vector(text, tsvector);
DROP FUNCTION IF EXISTS feedback_case_search_text(bigint, bigint, text);
ALTER TABLE feedback_case DROP COLUMN IF EXISTS search_documents;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0016_attachment_scan_status")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forward, backward),
    ]
