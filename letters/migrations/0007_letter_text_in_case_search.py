"""Letters' text feeds the case's full-text search (issue 14). The core keeps a column,
`feedback_case.search_documents`, for the vector of a wing's documents about a case (feedback
migration 0015); this trigger keeps it as the vector of every letter of the case (subject and
body, drafts too), in the same transaction as the letter's change. The case's own trigger then
rebuilds `search_vector`. PostgreSQL only: SQLite's fallback search does not read letters.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION letters_case_search_documents(for_case bigint) RETURNS void
LANGUAGE sql AS $$
    UPDATE feedback_case SET search_documents = (
        SELECT feedback_case_search_vector(string_agg(concat_ws(' ', subject, body), ' '), NULL)
          FROM letters_letter WHERE case_id = for_case)
     WHERE id = for_case
$$;

CREATE OR REPLACE FUNCTION letters_letter_search_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM letters_case_search_documents(OLD.case_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.case_id <> OLD.case_id) THEN
        PERFORM letters_case_search_documents(NEW.case_id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER letters_letter_search_refresh AFTER INSERT OR DELETE OR UPDATE OF subject, body,
    case_id ON letters_letter FOR EACH ROW EXECUTE FUNCTION letters_letter_search_refresh();

UPDATE feedback_case c SET search_documents = l.vector
  FROM (SELECT case_id,
               feedback_case_search_vector(string_agg(concat_ws(' ', subject, body), ' '), NULL)
                   AS vector
          FROM letters_letter GROUP BY case_id) l
 WHERE l.case_id = c.id;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS letters_letter_search_refresh ON letters_letter;
DROP FUNCTION IF EXISTS letters_letter_search_refresh();
DROP FUNCTION IF EXISTS letters_case_search_documents(bigint);
UPDATE feedback_case SET search_documents = NULL WHERE search_documents IS NOT NULL;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0006_letter_render_requested_at"),
        ("feedback", "0017_case_search_vector"),
    ]

    operations = [migrations.RunPython(forward, backward)]
