-- Notes which (school, family) had an active touch written, moved or removed, for the touch-gap
-- histogram (services/cadence/advance-touch-gaps.ts): the first reader of a new day recomputes
-- only those families' touch days. Local days need the school's time zone, which SQLite does
-- not know, so the trigger only notes the family; one upsert into a two-column key per touch.
-- Histograms stored before this migration were computed from scratch with no zone noted; they
-- are dropped, and each school's is rebuilt (once) by its next view or the warm-touch-gaps job.
DELETE FROM school_touch_gaps;
--> statement-breakpoint
CREATE TRIGGER `touch_log_gaps_insert` AFTER INSERT ON touch_log
WHEN NEW.active
BEGIN
  INSERT INTO touch_gap_changes (school_id, family_id) VALUES (NEW.school_id, NEW.family_id) ON CONFLICT DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER `touch_log_gaps_delete` AFTER DELETE ON touch_log
WHEN OLD.active
BEGIN
  INSERT INTO touch_gap_changes (school_id, family_id) VALUES (OLD.school_id, OLD.family_id) ON CONFLICT DO NOTHING;
END;
--> statement-breakpoint
CREATE TRIGGER `touch_log_gaps_update` AFTER UPDATE OF family_id, school_id, active, at ON touch_log
WHEN OLD.active OR NEW.active
BEGIN
  INSERT INTO touch_gap_changes (school_id, family_id) SELECT OLD.school_id, OLD.family_id WHERE OLD.active ON CONFLICT DO NOTHING;
  INSERT INTO touch_gap_changes (school_id, family_id) SELECT NEW.school_id, NEW.family_id WHERE NEW.active ON CONFLICT DO NOTHING;
END;
