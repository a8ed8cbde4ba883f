"""French full-text search: a text-search configuration that stems French and ignores accents,
and a trigger that keeps each post's search vector up to date (also for rows loaded by COPY).

Created by migration so that the test database has it too. The topic title (copied on the first
post as ``subject``) weighs A, the body B.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'epop_fr') THEN
        CREATE TEXT SEARCH CONFIGURATION epop_fr ( COPY = pg_catalog.french );
        ALTER TEXT SEARCH CONFIGURATION epop_fr
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
CREATE OR REPLACE FUNCTION forum_post_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('epop_fr', coalesce(NEW.subject, '')), 'A')
        || setweight(to_tsvector('epop_fr', coalesce(NEW.body, '')), 'B');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER forum_post_search_vector_trigger
    BEFORE INSERT OR UPDATE OF body, subject ON forum_post
    FOR EACH ROW EXECUTE FUNCTION forum_post_search_vector();
"""

DROP = """
DROP TRIGGER IF EXISTS forum_post_search_vector_trigger ON forum_post;
DROP FUNCTION IF EXISTS forum_post_search_vector();
DROP TEXT SEARCH CONFIGURATION IF EXISTS epop_fr;
"""


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
