-- Keeps school_counts (db/schema/rollups.ts) current from family_cadence and students.
-- Backfill first, then the triggers; test/integration/cadence-rollups.test.ts recomputes it.
INSERT INTO school_counts (school_id, measure, key, n) SELECT school_id, 'families', '', count(*) FROM family_cadence WHERE active GROUP BY school_id;
--> statement-breakpoint
INSERT INTO school_counts (school_id, measure, key, n) SELECT school_id, 'plan', CAST(plan_cadence_days AS TEXT), count(*) FROM family_cadence WHERE active AND plan_cadence_days IS NOT NULL GROUP BY 1, 3;
--> statement-breakpoint
INSERT INTO school_counts (school_id, measure, key, n) SELECT school_id, 'visited', visited_year, count(*) FROM family_cadence WHERE active AND visited_year IS NOT NULL GROUP BY 1, 3;
--> statement-breakpoint
INSERT INTO school_counts (school_id, measure, key, n) SELECT school_id, 'opted_out', '', count(*) FROM family_cadence WHERE active AND opted_out GROUP BY 1;
--> statement-breakpoint
INSERT INTO school_counts (school_id, measure, key, n) SELECT school_id, 'unreachable', '', count(*) FROM family_cadence WHERE active AND unreachable GROUP BY 1;
--> statement-breakpoint
INSERT INTO school_counts (school_id, measure, key, n) SELECT school_id, 'students', '', count(*) FROM students WHERE active GROUP BY 1;
--> statement-breakpoint
CREATE TRIGGER `family_cadence_counts_insert` AFTER INSERT ON family_cadence
BEGIN
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'families', '', 1 WHERE NEW.active ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'plan', CAST(NEW.plan_cadence_days AS TEXT), 1 WHERE NEW.active AND NEW.plan_cadence_days IS NOT NULL ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'visited', NEW.visited_year, 1 WHERE NEW.active AND NEW.visited_year IS NOT NULL ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'opted_out', '', 1 WHERE NEW.active AND NEW.opted_out ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'unreachable', '', 1 WHERE NEW.active AND NEW.unreachable ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `family_cadence_counts_delete` AFTER DELETE ON family_cadence
BEGIN
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active) AND school_id = OLD.school_id AND measure = 'families' AND key = '';
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'families' AND key = '' AND n <= 0;
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active AND OLD.plan_cadence_days IS NOT NULL) AND school_id = OLD.school_id AND measure = 'plan' AND key = CAST(OLD.plan_cadence_days AS TEXT);
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'plan' AND key = CAST(OLD.plan_cadence_days AS TEXT) AND n <= 0;
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active AND OLD.visited_year IS NOT NULL) AND school_id = OLD.school_id AND measure = 'visited' AND key = OLD.visited_year;
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'visited' AND key = OLD.visited_year AND n <= 0;
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active AND OLD.opted_out) AND school_id = OLD.school_id AND measure = 'opted_out' AND key = '';
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'opted_out' AND key = '' AND n <= 0;
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active AND OLD.unreachable) AND school_id = OLD.school_id AND measure = 'unreachable' AND key = '';
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'unreachable' AND key = '' AND n <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `family_cadence_counts_update` AFTER UPDATE OF school_id, active, plan_cadence_days, visited_year, opted_out, unreachable ON family_cadence
BEGIN
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active) AND school_id = OLD.school_id AND measure = 'families' AND key = '';
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'families' AND key = '' AND n <= 0;
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active AND OLD.plan_cadence_days IS NOT NULL) AND school_id = OLD.school_id AND measure = 'plan' AND key = CAST(OLD.plan_cadence_days AS TEXT);
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'plan' AND key = CAST(OLD.plan_cadence_days AS TEXT) AND n <= 0;
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active AND OLD.visited_year IS NOT NULL) AND school_id = OLD.school_id AND measure = 'visited' AND key = OLD.visited_year;
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'visited' AND key = OLD.visited_year AND n <= 0;
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active AND OLD.opted_out) AND school_id = OLD.school_id AND measure = 'opted_out' AND key = '';
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'opted_out' AND key = '' AND n <= 0;
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active AND OLD.unreachable) AND school_id = OLD.school_id AND measure = 'unreachable' AND key = '';
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'unreachable' AND key = '' AND n <= 0;
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'families', '', 1 WHERE NEW.active ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'plan', CAST(NEW.plan_cadence_days AS TEXT), 1 WHERE NEW.active AND NEW.plan_cadence_days IS NOT NULL ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'visited', NEW.visited_year, 1 WHERE NEW.active AND NEW.visited_year IS NOT NULL ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'opted_out', '', 1 WHERE NEW.active AND NEW.opted_out ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'unreachable', '', 1 WHERE NEW.active AND NEW.unreachable ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `students_counts_insert` AFTER INSERT ON students
BEGIN
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'students', '', 1 WHERE NEW.active ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `students_counts_delete` AFTER DELETE ON students
BEGIN
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active) AND school_id = OLD.school_id AND measure = 'students' AND key = '';
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'students' AND key = '' AND n <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `students_counts_update` AFTER UPDATE OF school_id, active ON students
BEGIN
  UPDATE school_counts SET n = n - 1 WHERE (OLD.active) AND school_id = OLD.school_id AND measure = 'students' AND key = '';
  DELETE FROM school_counts WHERE school_id = OLD.school_id AND measure = 'students' AND key = '' AND n <= 0;
  INSERT INTO school_counts (school_id, measure, key, n) SELECT NEW.school_id, 'students', '', 1 WHERE NEW.active ON CONFLICT (school_id, measure, key) DO UPDATE SET n = n + 1;
END;
