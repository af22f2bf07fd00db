-- The best-first results page on a finished 93,087-row screen: sorting by desirability (the general path) vs
-- reading the (screen_id, rank) index (the path for `sort=-score` on a completed screen). Synthetic rows of the
-- measured size; run: psql -h 127.0.0.1 -U postgres test -f scripts/bench/results-rank-index.sql
DROP SCHEMA IF EXISTS rankbench CASCADE;
CREATE SCHEMA rankbench;
SET search_path = rankbench;
CREATE TABLE screen_result (screen_id varchar(36) NOT NULL, row_index integer NOT NULL, record_id text NOT NULL, input text NOT NULL, status varchar(16) NOT NULL, error text, parent_smiles text, inchikey varchar(27), desirability double precision, rank integer, scores jsonb NOT NULL, payload text NOT NULL, PRIMARY KEY (screen_id, row_index));
CREATE INDEX screen_result_desirability ON screen_result (screen_id, desirability);
CREATE INDEX screen_result_rank ON screen_result (screen_id, rank);
-- 93,087 rows of one screen, ~2.7 KB payload each (the measured size), 1 % invalid (no desirability)
INSERT INTO screen_result SELECT 's1', g, 'm'||g, 'CCO', CASE WHEN g % 100 = 0 THEN 'invalid' ELSE 'ok' END, NULL, 'CCO', NULL,
  CASE WHEN g % 100 = 0 THEN NULL ELSE random() END, NULL, '{"qed":0.5}', repeat(md5(g::text), 85)
FROM generate_series(1, 93087) g;
UPDATE screen_result SET rank = r.r FROM (SELECT row_index, ROW_NUMBER() OVER (ORDER BY desirability DESC, row_index ASC) AS r FROM screen_result WHERE screen_id = 's1' AND desirability IS NOT NULL) r WHERE screen_result.screen_id = 's1' AND screen_result.row_index = r.row_index;
ANALYZE screen_result;
\timing on
SELECT COUNT(*) FROM screen_result WHERE screen_id = 's1';
SELECT COUNT(*) FROM screen_result WHERE screen_id = 's1';
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY (desirability IS NULL), desirability DESC, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY (desirability IS NULL), desirability DESC, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 3900 \g /dev/null
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' ORDER BY (desirability IS NULL), desirability DESC, row_index ASC LIMIT 100 OFFSET 3900 \g /dev/null
EXPLAIN SELECT row_index FROM screen_result WHERE screen_id = 's1' ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100;
DROP SCHEMA rankbench CASCADE;
