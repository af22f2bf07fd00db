-- Results pages of a finished 93,087-row screen beyond the first best-first page, before and after the indexed paths
-- of libs/screening/src/store/result.store.ts: (1) deep best-first pages: OFFSET on the rank index vs the rank
-- window; (2) a filter (qed >= 0.5), best first: a COUNT and a page per request vs the order cache (one query for
-- the matching row numbers in order, then a primary-key lookup per page); (3) another sort key (qed descending): a
-- sort of every row per page vs the same order cache; (4) the first request of a filter or another sort on the
-- sort table (migration 1764850000000) instead of every row's scores JSON, and what writing it adds to finalize.
-- Synthetic rows of the measured size (payload ~2.7 KB; scores: the keys of an all-models screen, ~1.3 KB jsonb).
-- Run: psql -h 127.0.0.1 -U postgres test -f scripts/bench/results-query-paths.sql
DROP SCHEMA IF EXISTS pathbench CASCADE;
CREATE SCHEMA pathbench;
SET search_path = pathbench;
\ir results-synthetic-rows.sql
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
-- (4) The sort table of migration 1764850000000 (libs/screening/src/store/sort-table.ts), written by ResultStore.rank
-- at finalize: per result row its status, desirability, rank and 16 score keys in real columns (slots), under the
-- screen's number (sort_no); rank and k1..k8 indexed. Slots as sortSlotKeys gives them for these keys: k1 = qed,
-- k2 = tox_max, k3..k16 = tox21.task1..14. Then the queries ResultStore.page sends for the first request of a
-- filter or another sort (the same SQL text, with literals for the parameters).
\timing off
CREATE TABLE screen_sort (sort_no serial PRIMARY KEY, screen_id varchar(36) NOT NULL UNIQUE, keys text NOT NULL);
CREATE TABLE screen_result_sort (sort_no integer NOT NULL REFERENCES screen_sort (sort_no) ON DELETE CASCADE, row_index integer NOT NULL, status varchar(16) NOT NULL, desirability double precision, rank integer, k1 double precision, k2 double precision, k3 double precision, k4 double precision, k5 double precision, k6 double precision, k7 double precision, k8 double precision, k9 double precision, k10 double precision, k11 double precision, k12 double precision, k13 double precision, k14 double precision, k15 double precision, k16 double precision, PRIMARY KEY (sort_no, row_index));
CREATE INDEX screen_result_sort_rank ON screen_result_sort (sort_no, rank, row_index);
CREATE INDEX screen_result_sort_k1 ON screen_result_sort (sort_no, k1, row_index);
CREATE INDEX screen_result_sort_k2 ON screen_result_sort (sort_no, k2, row_index);
CREATE INDEX screen_result_sort_k3 ON screen_result_sort (sort_no, k3, row_index);
CREATE INDEX screen_result_sort_k4 ON screen_result_sort (sort_no, k4, row_index);
CREATE INDEX screen_result_sort_k5 ON screen_result_sort (sort_no, k5, row_index);
CREATE INDEX screen_result_sort_k6 ON screen_result_sort (sort_no, k6, row_index);
CREATE INDEX screen_result_sort_k7 ON screen_result_sort (sort_no, k7, row_index);
CREATE INDEX screen_result_sort_k8 ON screen_result_sort (sort_no, k8, row_index);
INSERT INTO screen_sort (screen_id, keys) VALUES ('s1', '[]');
\timing on
-- reading the 16 keys of every row: one `->>` each (the JSON path's expression) against one jsonb_to_record
SELECT sum(coalesce((scores ->> 'qed')::double precision, 0) + coalesce((scores ->> 'tox_max')::double precision, 0) + coalesce((scores ->> 'tox21.task1')::double precision, 0) + coalesce((scores ->> 'tox21.task2')::double precision, 0) + coalesce((scores ->> 'tox21.task3')::double precision, 0) + coalesce((scores ->> 'tox21.task4')::double precision, 0) + coalesce((scores ->> 'tox21.task5')::double precision, 0) + coalesce((scores ->> 'tox21.task6')::double precision, 0) + coalesce((scores ->> 'tox21.task7')::double precision, 0) + coalesce((scores ->> 'tox21.task8')::double precision, 0) + coalesce((scores ->> 'tox21.task9')::double precision, 0) + coalesce((scores ->> 'tox21.task10')::double precision, 0) + coalesce((scores ->> 'tox21.task11')::double precision, 0) + coalesce((scores ->> 'tox21.task12')::double precision, 0) + coalesce((scores ->> 'tox21.task13')::double precision, 0) + coalesce((scores ->> 'tox21.task14')::double precision, 0)) FROM screen_result WHERE screen_id = 's1';
SELECT sum(coalesce(x."qed", 0) + coalesce(x."tox_max", 0) + coalesce(x."tox21.task1", 0) + coalesce(x."tox21.task2", 0) + coalesce(x."tox21.task3", 0) + coalesce(x."tox21.task4", 0) + coalesce(x."tox21.task5", 0) + coalesce(x."tox21.task6", 0) + coalesce(x."tox21.task7", 0) + coalesce(x."tox21.task8", 0) + coalesce(x."tox21.task9", 0) + coalesce(x."tox21.task10", 0) + coalesce(x."tox21.task11", 0) + coalesce(x."tox21.task12", 0) + coalesce(x."tox21.task13", 0) + coalesce(x."tox21.task14", 0)) FROM screen_result r CROSS JOIN LATERAL jsonb_to_record(r.scores) AS x("qed" double precision, "tox_max" double precision, "tox21.task1" double precision, "tox21.task2" double precision, "tox21.task3" double precision, "tox21.task4" double precision, "tox21.task5" double precision, "tox21.task6" double precision, "tox21.task7" double precision, "tox21.task8" double precision, "tox21.task9" double precision, "tox21.task10" double precision, "tox21.task11" double precision, "tox21.task12" double precision, "tox21.task13" double precision, "tox21.task14" double precision) WHERE r.screen_id = 's1';
-- what finalize adds: one INSERT … SELECT, then the same after a DELETE (a retried finalize), and the rank UPDATE
-- of finalize for comparison (it rewrites every row of the screen)
INSERT INTO screen_result_sort (sort_no, row_index, status, desirability, rank, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16) SELECT 1, r.row_index, r.status, r.desirability, r.rank, x."qed", x."tox_max", x."tox21.task1", x."tox21.task2", x."tox21.task3", x."tox21.task4", x."tox21.task5", x."tox21.task6", x."tox21.task7", x."tox21.task8", x."tox21.task9", x."tox21.task10", x."tox21.task11", x."tox21.task12", x."tox21.task13", x."tox21.task14" FROM screen_result r CROSS JOIN LATERAL jsonb_to_record(r.scores) AS x("qed" double precision, "tox_max" double precision, "tox21.task1" double precision, "tox21.task2" double precision, "tox21.task3" double precision, "tox21.task4" double precision, "tox21.task5" double precision, "tox21.task6" double precision, "tox21.task7" double precision, "tox21.task8" double precision, "tox21.task9" double precision, "tox21.task10" double precision, "tox21.task11" double precision, "tox21.task12" double precision, "tox21.task13" double precision, "tox21.task14" double precision) WHERE r.screen_id = 's1';
DELETE FROM screen_result_sort WHERE sort_no = 1;
INSERT INTO screen_result_sort (sort_no, row_index, status, desirability, rank, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16) SELECT 1, r.row_index, r.status, r.desirability, r.rank, x."qed", x."tox_max", x."tox21.task1", x."tox21.task2", x."tox21.task3", x."tox21.task4", x."tox21.task5", x."tox21.task6", x."tox21.task7", x."tox21.task8", x."tox21.task9", x."tox21.task10", x."tox21.task11", x."tox21.task12", x."tox21.task13", x."tox21.task14" FROM screen_result r CROSS JOIN LATERAL jsonb_to_record(r.scores) AS x("qed" double precision, "tox_max" double precision, "tox21.task1" double precision, "tox21.task2" double precision, "tox21.task3" double precision, "tox21.task4" double precision, "tox21.task5" double precision, "tox21.task6" double precision, "tox21.task7" double precision, "tox21.task8" double precision, "tox21.task9" double precision, "tox21.task10" double precision, "tox21.task11" double precision, "tox21.task12" double precision, "tox21.task13" double precision, "tox21.task14" double precision) WHERE r.screen_id = 's1';
UPDATE screen_result SET rank = r.r FROM (SELECT row_index, ROW_NUMBER() OVER (ORDER BY desirability DESC, row_index ASC) AS r FROM screen_result WHERE screen_id = 's1' AND desirability IS NOT NULL) r WHERE screen_result.screen_id = 's1' AND screen_result.row_index = r.row_index;
\timing off
VACUUM ANALYZE screen_result_sort;
SELECT pg_size_pretty(pg_table_size('screen_result_sort')) AS sort_table, pg_size_pretty(pg_indexes_size('screen_result_sort')) AS its_10_indexes, pg_size_pretty(pg_relation_size('screen_result_sort_k1')) AS one_slot_index, pg_size_pretty(pg_total_relation_size('screen_result')) AS result_table;
\timing on
-- (4a) filter qed >= 0.5, best first: page 1 and page 40 from the rank index, the COUNT (twice), the page's rows
SELECT row_index FROM screen_result_sort WHERE sort_no = 1 AND k1 >= 0.5 ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index FROM screen_result_sort WHERE sort_no = 1 AND k1 >= 0.5 ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 3900 \g /dev/null
SELECT COUNT(*) FROM screen_result_sort WHERE sort_no = 1 AND k1 >= 0.5;
SELECT COUNT(*) FROM screen_result_sort WHERE sort_no = 1 AND k1 >= 0.5;
\timing off
SELECT string_agg(row_index::text, ',') AS ids FROM (SELECT row_index FROM screen_result_sort WHERE sort_no = 1 AND k1 >= 0.5 ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100) t \gset
\timing on
SELECT row_index, length(payload) FROM screen_result WHERE screen_id = 's1' AND row_index IN (:ids) \g /dev/null
-- (4b) sort -qed (descending: valued rows backwards, rows without a value forwards, merged): page 1 twice, page 40
SELECT row_index FROM (SELECT row_index, 0 AS part, v FROM (SELECT row_index, k1 AS v FROM screen_result_sort WHERE sort_no = 1 AND k1 IS NOT NULL ORDER BY k1 DESC, row_index ASC LIMIT 100) valued UNION ALL SELECT row_index, 1 AS part, NULL AS v FROM (SELECT row_index FROM screen_result_sort WHERE sort_no = 1 AND k1 IS NULL ORDER BY row_index ASC LIMIT 100) unvalued) merged ORDER BY part ASC, v DESC, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index FROM (SELECT row_index, 0 AS part, v FROM (SELECT row_index, k1 AS v FROM screen_result_sort WHERE sort_no = 1 AND k1 IS NOT NULL ORDER BY k1 DESC, row_index ASC LIMIT 100) valued UNION ALL SELECT row_index, 1 AS part, NULL AS v FROM (SELECT row_index FROM screen_result_sort WHERE sort_no = 1 AND k1 IS NULL ORDER BY row_index ASC LIMIT 100) unvalued) merged ORDER BY part ASC, v DESC, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index FROM (SELECT row_index, 0 AS part, v FROM (SELECT row_index, k1 AS v FROM screen_result_sort WHERE sort_no = 1 AND k1 IS NOT NULL ORDER BY k1 DESC, row_index ASC LIMIT 4000) valued UNION ALL SELECT row_index, 1 AS part, NULL AS v FROM (SELECT row_index FROM screen_result_sort WHERE sort_no = 1 AND k1 IS NULL ORDER BY row_index ASC LIMIT 4000) unvalued) merged ORDER BY part ASC, v DESC, row_index ASC LIMIT 100 OFFSET 3900 \g /dev/null
-- (4c) sort qed ascending: page 1, page 40; filter qed >= 0.5 sorted -tox_max, page 1 (its COUNT is 4a's)
SELECT row_index FROM screen_result_sort WHERE sort_no = 1 ORDER BY k1 ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
SELECT row_index FROM screen_result_sort WHERE sort_no = 1 ORDER BY k1 ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 3900 \g /dev/null
SELECT row_index FROM (SELECT row_index, 0 AS part, v FROM (SELECT row_index, k2 AS v FROM screen_result_sort WHERE sort_no = 1 AND k1 >= 0.5 AND k2 IS NOT NULL ORDER BY k2 DESC, row_index ASC LIMIT 100) valued UNION ALL SELECT row_index, 1 AS part, NULL AS v FROM (SELECT row_index FROM screen_result_sort WHERE sort_no = 1 AND k1 >= 0.5 AND k2 IS NULL ORDER BY row_index ASC LIMIT 100) unvalued) merged ORDER BY part ASC, v DESC, row_index ASC LIMIT 100 OFFSET 0 \g /dev/null
-- (4d) sort by a key in a slot without an index (k12): the order cache's first request, on the narrow rows (twice)
SELECT row_index FROM screen_result_sort WHERE sort_no = 1 ORDER BY (k12 IS NULL), k12 DESC, row_index ASC \g /dev/null
SELECT row_index FROM screen_result_sort WHERE sort_no = 1 ORDER BY (k12 IS NULL), k12 DESC, row_index ASC \g /dev/null
\timing off
EXPLAIN ANALYZE SELECT row_index FROM (SELECT row_index, 0 AS part, v FROM (SELECT row_index, k1 AS v FROM screen_result_sort WHERE sort_no = 1 AND k1 IS NOT NULL ORDER BY k1 DESC, row_index ASC LIMIT 100) valued UNION ALL SELECT row_index, 1 AS part, NULL AS v FROM (SELECT row_index FROM screen_result_sort WHERE sort_no = 1 AND k1 IS NULL ORDER BY row_index ASC LIMIT 100) unvalued) merged ORDER BY part ASC, v DESC, row_index ASC LIMIT 100 OFFSET 0;
EXPLAIN ANALYZE SELECT row_index FROM screen_result_sort WHERE sort_no = 1 AND k1 >= 0.5 ORDER BY rank ASC NULLS LAST, row_index ASC LIMIT 100 OFFSET 0;
DROP SCHEMA pathbench CASCADE;
