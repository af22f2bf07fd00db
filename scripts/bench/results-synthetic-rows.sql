-- The synthetic finished screen the results benchmarks read: 93,087 rows of one screen ('s1') of the measured size
-- (payload ~2.7 KB; scores: the keys of an all-models screen, ~1.3 KB jsonb), ranked, analyzed. Included (\ir) by
-- results-query-paths.sql and results-sort-table-write.sql after each sets its own schema as search_path.
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
