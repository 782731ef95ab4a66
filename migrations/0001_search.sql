-- French, accent-insensitive full-text search and trigram similarity for the knowledge base.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'maia_fr') THEN
    CREATE TEXT SEARCH CONFIGURATION maia_fr (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION maia_fr
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION maia_chunks_tsv() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.tsv :=
    setweight(to_tsvector('maia_fr', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('maia_fr', coalesce(NEW.heading_path, '')), 'B') ||
    setweight(to_tsvector('maia_fr', coalesce(NEW.text, '')), 'C');
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER chunks_tsv BEFORE INSERT OR UPDATE OF title, heading_path, text ON chunks
  FOR EACH ROW EXECUTE FUNCTION maia_chunks_tsv();--> statement-breakpoint
CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);--> statement-breakpoint
CREATE INDEX chunks_trgm_idx ON chunks USING gin (text gin_trgm_ops);
