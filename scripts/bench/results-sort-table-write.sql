-- What writing a screen's sort table (libs/screening/src/store/sort-table.ts, migration 1764850000000) adds to
-- finalize, and which part of it is what: the same INSERT … SELECT of 93,087 synthetic rows (those of
-- results-query-paths.sql) with the primary key only, then with the foreign key, with the rank and 4 slot indexes,
-- with the rank and 8 slot indexes (the migration's), each into a screen number of its own; finalize's rank UPDATE
-- for comparison; the sizes per screen.
-- Run: psql -h 127.0.0.1 -U postgres test -f scripts/bench/results-sort-table-write.sql
DROP SCHEMA IF EXISTS sortwritebench CASCADE;
CREATE SCHEMA sortwritebench;
SET search_path = sortwritebench;
\ir results-synthetic-rows.sql
CREATE TABLE screen_sort (sort_no serial PRIMARY KEY, screen_id varchar(36) NOT NULL UNIQUE, keys text NOT NULL);
INSERT INTO screen_sort (screen_id, keys) SELECT 's' || g, '[]' FROM generate_series(1, 4) g;
CREATE TABLE screen_result_sort (sort_no integer NOT NULL, row_index integer NOT NULL, status varchar(16) NOT NULL, desirability double precision, rank integer, k1 double precision, k2 double precision, k3 double precision, k4 double precision, k5 double precision, k6 double precision, k7 double precision, k8 double precision, k9 double precision, k10 double precision, k11 double precision, k12 double precision, k13 double precision, k14 double precision, k15 double precision, k16 double precision, PRIMARY KEY (sort_no, row_index));
\timing on
-- primary key only
INSERT INTO screen_result_sort (sort_no, row_index, status, desirability, rank, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16) SELECT 1, r.row_index, r.status, r.desirability, r.rank, x."qed", x."tox_max", x."tox21.task1", x."tox21.task2", x."tox21.task3", x."tox21.task4", x."tox21.task5", x."tox21.task6", x."tox21.task7", x."tox21.task8", x."tox21.task9", x."tox21.task10", x."tox21.task11", x."tox21.task12", x."tox21.task13", x."tox21.task14" FROM screen_result r CROSS JOIN LATERAL jsonb_to_record(r.scores) AS x("qed" double precision, "tox_max" double precision, "tox21.task1" double precision, "tox21.task2" double precision, "tox21.task3" double precision, "tox21.task4" double precision, "tox21.task5" double precision, "tox21.task6" double precision, "tox21.task7" double precision, "tox21.task8" double precision, "tox21.task9" double precision, "tox21.task10" double precision, "tox21.task11" double precision, "tox21.task12" double precision, "tox21.task13" double precision, "tox21.task14" double precision) WHERE r.screen_id = 's1';
\timing off
ALTER TABLE screen_result_sort ADD FOREIGN KEY (sort_no) REFERENCES screen_sort (sort_no) ON DELETE CASCADE;
\timing on
-- + the foreign key
INSERT INTO screen_result_sort (sort_no, row_index, status, desirability, rank, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16) SELECT 2, r.row_index, r.status, r.desirability, r.rank, x."qed", x."tox_max", x."tox21.task1", x."tox21.task2", x."tox21.task3", x."tox21.task4", x."tox21.task5", x."tox21.task6", x."tox21.task7", x."tox21.task8", x."tox21.task9", x."tox21.task10", x."tox21.task11", x."tox21.task12", x."tox21.task13", x."tox21.task14" FROM screen_result r CROSS JOIN LATERAL jsonb_to_record(r.scores) AS x("qed" double precision, "tox_max" double precision, "tox21.task1" double precision, "tox21.task2" double precision, "tox21.task3" double precision, "tox21.task4" double precision, "tox21.task5" double precision, "tox21.task6" double precision, "tox21.task7" double precision, "tox21.task8" double precision, "tox21.task9" double precision, "tox21.task10" double precision, "tox21.task11" double precision, "tox21.task12" double precision, "tox21.task13" double precision, "tox21.task14" double precision) WHERE r.screen_id = 's1';
\timing off
CREATE INDEX ON screen_result_sort (sort_no, rank, row_index);
CREATE INDEX ON screen_result_sort (sort_no, k1, row_index);
CREATE INDEX ON screen_result_sort (sort_no, k2, row_index);
CREATE INDEX ON screen_result_sort (sort_no, k3, row_index);
CREATE INDEX ON screen_result_sort (sort_no, k4, row_index);
\timing on
-- + the rank and 4 slot indexes
INSERT INTO screen_result_sort (sort_no, row_index, status, desirability, rank, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16) SELECT 3, r.row_index, r.status, r.desirability, r.rank, x."qed", x."tox_max", x."tox21.task1", x."tox21.task2", x."tox21.task3", x."tox21.task4", x."tox21.task5", x."tox21.task6", x."tox21.task7", x."tox21.task8", x."tox21.task9", x."tox21.task10", x."tox21.task11", x."tox21.task12", x."tox21.task13", x."tox21.task14" FROM screen_result r CROSS JOIN LATERAL jsonb_to_record(r.scores) AS x("qed" double precision, "tox_max" double precision, "tox21.task1" double precision, "tox21.task2" double precision, "tox21.task3" double precision, "tox21.task4" double precision, "tox21.task5" double precision, "tox21.task6" double precision, "tox21.task7" double precision, "tox21.task8" double precision, "tox21.task9" double precision, "tox21.task10" double precision, "tox21.task11" double precision, "tox21.task12" double precision, "tox21.task13" double precision, "tox21.task14" double precision) WHERE r.screen_id = 's1';
\timing off
CREATE INDEX ON screen_result_sort (sort_no, k5, row_index);
CREATE INDEX ON screen_result_sort (sort_no, k6, row_index);
CREATE INDEX ON screen_result_sort (sort_no, k7, row_index);
CREATE INDEX ON screen_result_sort (sort_no, k8, row_index);
\timing on
-- + 4 more slot indexes: the migration's table
INSERT INTO screen_result_sort (sort_no, row_index, status, desirability, rank, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16) SELECT 4, r.row_index, r.status, r.desirability, r.rank, x."qed", x."tox_max", x."tox21.task1", x."tox21.task2", x."tox21.task3", x."tox21.task4", x."tox21.task5", x."tox21.task6", x."tox21.task7", x."tox21.task8", x."tox21.task9", x."tox21.task10", x."tox21.task11", x."tox21.task12", x."tox21.task13", x."tox21.task14" FROM screen_result r CROSS JOIN LATERAL jsonb_to_record(r.scores) AS x("qed" double precision, "tox_max" double precision, "tox21.task1" double precision, "tox21.task2" double precision, "tox21.task3" double precision, "tox21.task4" double precision, "tox21.task5" double precision, "tox21.task6" double precision, "tox21.task7" double precision, "tox21.task8" double precision, "tox21.task9" double precision, "tox21.task10" double precision, "tox21.task11" double precision, "tox21.task12" double precision, "tox21.task13" double precision, "tox21.task14" double precision) WHERE r.screen_id = 's1';
-- finalize's rank UPDATE of the same rows
UPDATE screen_result SET rank = r.r FROM (SELECT row_index, ROW_NUMBER() OVER (ORDER BY desirability DESC, row_index ASC) AS r FROM screen_result WHERE screen_id = 's1' AND desirability IS NOT NULL) r WHERE screen_result.screen_id = 's1' AND screen_result.row_index = r.row_index;
\timing off
SELECT pg_size_pretty(pg_table_size('screen_result_sort') / 4) AS table_per_screen, pg_size_pretty(pg_indexes_size('screen_result_sort') / 4) AS indexes_per_screen_about, pg_size_pretty(pg_total_relation_size('screen_result')) AS result_table;
DROP SCHEMA sortwritebench CASCADE;
