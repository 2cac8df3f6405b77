-- Keeps class_families and student_visits (db/schema/rollups.ts) current; like 0010, the
-- backfill runs before the triggers exist, and test/integration/cadence-rollups.test.ts
-- recomputes both from raw rows after each kind of change.
INSERT INTO class_families (educator_id, school_year, family_id, school_id, students, active, plan_cadence_days, baseline_at) SELECT se.educator_id, se.school_year, s.family_id, min(s.school_id), count(*), min(fc.active), min(fc.plan_cadence_days), min(fc.baseline_at) FROM student_educators se JOIN students s ON s.id = se.student_id JOIN family_cadence fc ON fc.family_id = s.family_id GROUP BY se.educator_id, se.school_year, s.family_id;
--> statement-breakpoint
INSERT INTO student_visits (student_id, school_year, school_id, visits) SELECT vs.student_id, v.school_year, v.school_id, count(*) FROM visit_students vs JOIN visits v ON v.id = vs.visit_id WHERE v.status = 'completed' GROUP BY vs.student_id, v.school_year, v.school_id;
--> statement-breakpoint
CREATE TRIGGER `student_educators_rollup_insert` AFTER INSERT ON student_educators
BEGIN
  INSERT INTO class_families (educator_id, school_year, family_id, school_id, students, active, plan_cadence_days, baseline_at) SELECT NEW.educator_id, NEW.school_year, s.family_id, s.school_id, 1, fc.active, fc.plan_cadence_days, fc.baseline_at FROM students s JOIN family_cadence fc ON fc.family_id = s.family_id WHERE s.id = NEW.student_id ON CONFLICT (educator_id, school_year, family_id) DO UPDATE SET students = students + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `student_educators_rollup_delete` AFTER DELETE ON student_educators
BEGIN
  UPDATE class_families SET students = students - 1 WHERE educator_id = OLD.educator_id AND school_year = OLD.school_year AND family_id = (SELECT family_id FROM students WHERE id = OLD.student_id);
  DELETE FROM class_families WHERE educator_id = OLD.educator_id AND school_year = OLD.school_year AND family_id = (SELECT family_id FROM students WHERE id = OLD.student_id) AND students <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `student_educators_rollup_update` AFTER UPDATE ON student_educators
BEGIN
  UPDATE class_families SET students = students - 1 WHERE educator_id = OLD.educator_id AND school_year = OLD.school_year AND family_id = (SELECT family_id FROM students WHERE id = OLD.student_id);
  DELETE FROM class_families WHERE educator_id = OLD.educator_id AND school_year = OLD.school_year AND family_id = (SELECT family_id FROM students WHERE id = OLD.student_id) AND students <= 0;
  INSERT INTO class_families (educator_id, school_year, family_id, school_id, students, active, plan_cadence_days, baseline_at) SELECT NEW.educator_id, NEW.school_year, s.family_id, s.school_id, 1, fc.active, fc.plan_cadence_days, fc.baseline_at FROM students s JOIN family_cadence fc ON fc.family_id = s.family_id WHERE s.id = NEW.student_id ON CONFLICT (educator_id, school_year, family_id) DO UPDATE SET students = students + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `students_rollup_move` AFTER UPDATE OF family_id, school_id ON students
BEGIN
  UPDATE class_families SET students = students - 1 WHERE family_id = OLD.family_id AND EXISTS (SELECT 1 FROM student_educators se WHERE se.student_id = OLD.id AND se.educator_id = class_families.educator_id AND se.school_year = class_families.school_year);
  DELETE FROM class_families WHERE family_id = OLD.family_id AND students <= 0;
  INSERT INTO class_families (educator_id, school_year, family_id, school_id, students, active, plan_cadence_days, baseline_at) SELECT se.educator_id, se.school_year, NEW.family_id, NEW.school_id, 1, fc.active, fc.plan_cadence_days, fc.baseline_at FROM student_educators se JOIN family_cadence fc ON fc.family_id = NEW.family_id WHERE se.student_id = NEW.id ON CONFLICT (educator_id, school_year, family_id) DO UPDATE SET students = students + 1, school_id = excluded.school_id;
END;
--> statement-breakpoint
CREATE TRIGGER `family_cadence_to_classes` AFTER UPDATE OF active, plan_cadence_days, plan_visited_at, last_touch_at ON family_cadence
BEGIN
  UPDATE class_families SET active = NEW.active, plan_cadence_days = NEW.plan_cadence_days, baseline_at = NEW.baseline_at WHERE family_id = NEW.family_id;
END;
--> statement-breakpoint
CREATE TRIGGER `visit_students_rollup_insert` AFTER INSERT ON visit_students
BEGIN
  INSERT INTO student_visits (student_id, school_year, school_id, visits) SELECT NEW.student_id, v.school_year, v.school_id, 1 FROM visits v WHERE v.id = NEW.visit_id AND v.status = 'completed' ON CONFLICT (student_id, school_year, school_id) DO UPDATE SET visits = visits + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `visit_students_rollup_delete` AFTER DELETE ON visit_students
WHEN (SELECT status FROM visits WHERE id = OLD.visit_id) = 'completed'
BEGIN
  UPDATE student_visits SET visits = visits - 1 WHERE student_id = OLD.student_id AND school_year = (SELECT school_year FROM visits WHERE id = OLD.visit_id) AND school_id = (SELECT school_id FROM visits WHERE id = OLD.visit_id);
  DELETE FROM student_visits WHERE student_id = OLD.student_id AND school_year = (SELECT school_year FROM visits WHERE id = OLD.visit_id) AND school_id = (SELECT school_id FROM visits WHERE id = OLD.visit_id) AND visits <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_rollup_students` AFTER UPDATE OF status, school_year, school_id ON visits
BEGIN
  UPDATE student_visits SET visits = visits - 1 WHERE OLD.status = 'completed' AND school_year = OLD.school_year AND school_id = OLD.school_id AND student_id IN (SELECT student_id FROM visit_students WHERE visit_id = OLD.id);
  DELETE FROM student_visits WHERE visits <= 0 AND school_year = OLD.school_year AND school_id = OLD.school_id;
  INSERT INTO student_visits (student_id, school_year, school_id, visits) SELECT vs.student_id, NEW.school_year, NEW.school_id, 1 FROM visit_students vs WHERE vs.visit_id = NEW.id AND NEW.status = 'completed' ON CONFLICT (student_id, school_year, school_id) DO UPDATE SET visits = visits + 1;
END;
