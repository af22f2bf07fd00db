-- Results pages of a finished 93,087-row screen beyond the first best-first page, before and after the indexed paths
-- of libs/screening/src/store/result.store.ts: (1) deep best-first pages: OFFSET on the rank index vs the rank
-- window; (2) a filter (qed >= 0.5), best first: a COUNT and a page per request vs the order cache (one query for
-- the matching row numbers in order, then a primary-key lookup per page); (3) another sort key (qed descending): a
-- sort of every row per page vs the same order cache.
-- Synthetic rows of the measured size (payload ~2.7 KB; scores: the keys of an all-models screen, ~1.3 KB jsonb).
-- Run: psql -h 127.0.0.1 -U postgres test -f scripts/bench/results-query-paths.sql
DROP SCHEMA IF EXISTS pathbench CASCADE;
CREATE SCHEMA pathbench;
SET search_path = pathbench;
CREATE TABLE screen_result (screen_id varchar(36) NOT NULL, row_index integer NOT NULL, record_id text NOT NULL, input text NOT NULL, status varchar(16) NOT NULL, error text, parent_smiles text, inchikey varchar(27), desirability double precision, rank integer, scores jsonb NOT NULL, payload text NOT NULL, PRIMARY KEY (screen_id, row_index));
CREATE INDEX screen_result_desirability ON screen_result (screen_id, desirability);
CREATE INDEX screen_result_rank ON screen_result (screen_id, rank);
-- 1 % invalid (no desirability, no scores); the rest with 60 score keys, qed and tox_max uniform in [0, 1)
INSERT INTO screen_result SELECT 's1', g, 'm'||g, 'CCO', CASE WHEN g % 100 = 0 THEN 'invalid' ELSE 'ok' END, NULL, 'CCO', NULL,
  CASE WHEN g % 100 = 0 THEN NULL ELSE random() END, NULL,
  CASE WHEN g % 100 = 0 THEN '{}'::jsonb ELSE
    (SELECT jsonb_object_agg('tox21.task' || k, random()) FROM generate_series(1, 58) k) || jsonb_build_object('qed', random(), 'tox_max', random()) END,
  repeat(md5(g::text), 85)
FROM generate_series(1, 93087) g;
UPDATE screen_result SET rank = r.r FROM (SELECT row_index, ROW_NUMBER() OVER (ORDER BY desirability DESC, row_index ASC) AS r FROM screen_result WHERE screen_id = 's1' AND desirability IS NOT NULL) r WHERE screen_result.screen_id = 's1' AND screen_result.row_index = r.row_index;
VACUUM ANALYZE screen_result;
\timing on
-- (1) best first, page 900 of 100 (rows 89,901..90,000): OFFSET on the rank index, twice; the rank window, twice
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 89900 \g /dev/null
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 89900 \g /dev/null
SELECT MAX(rank) FROM screen_result WHERE screen_id = 's1';
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' AND rank > 89900 AND rank <= 90000 ORDER BY rank \g /dev/null
SELECT MAX(rank) FROM screen_result WHERE screen_id = 's1';
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' AND rank > 89900 AND rank <= 90000 ORDER BY rank \g /dev/null
-- (2) filter qed >= 0.5, best first. Before, per request: the COUNT (twice) and the page (rank index walk, pages
-- 1 and 40). After: the order query once (twice here), then per page a primary-key lookup of its 100 rows.
SELECT COUNT(*) FROM screen_result WHERE screen_id = 's1' AND (scores ->> 'qed')::double precision >= 0.5;
SELECT COUNT(*) FROM screen_result WHERE screen_id = 's1' AND (scores ->> 'qed')::double precision >= 0.5;
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' AND (scores ->> 'qed')::double precision >= 0.5 ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' AND (scores ->> 'qed')::double precision >= 0.5 ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 3900 \g /dev/null
SELECT row_index FROM screen_result WHERE screen_id = 's1' AND (scores ->> 'qed')::double precision >= 0.5 ORDER BY rank ASC NULLS LAST, row_index ASC \g /dev/null
SELECT row_index FROM screen_result WHERE screen_id = 's1' AND (scores ->> 'qed')::double precision >= 0.5 ORDER BY rank ASC NULLS LAST, row_index ASC \g /dev/null
\timing off
SELECT string_agg(row_index::text, ',') AS ids FROM (SELECT row_index FROM screen_result WHERE screen_id = 's1' AND (scores ->> 'qed')::double precision >= 0.5 ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 3900) t \gset
\timing on
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' AND row_index IN (:ids) \g /dev/null
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' AND row_index IN (:ids) \g /dev/null
-- (3) sort by another key (qed descending). Before, per request: every row read and sorted (pages 1, 1 and 40).
-- After: the order query once (twice here), then the page lookup as in (2).
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY ((scores ->> 'qed')::double precision IS NULL), (scores ->> 'qed')::double precision DESC, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY ((scores ->> 'qed')::double precision IS NULL), (scores ->> 'qed')::double precision DESC, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY ((scores ->> 'qed')::double precision IS NULL), (scores ->> 'qed')::double precision DESC, row_index ASC LIMIT 100 OFFSET 3900 \g /dev/null
SELECT row_index FROM screen_result WHERE screen_id = 's1' ORDER BY ((scores ->> 'qed')::double precision IS NULL), (scores ->> 'qed')::double precision DESC, row_index ASC \g /dev/null
SELECT row_index FROM screen_result WHERE screen_id = 's1' ORDER BY ((scores ->> 'qed')::double precision IS NULL), (scores ->> 'qed')::double precision DESC, row_index ASC \g /dev/null
EXPLAIN SELECT row_index FROM screen_result WHERE screen_id = 's1' AND rank > 89900 AND rank <= 90000 ORDER BY rank;
DROP SCHEMA pathbench CASCADE;
