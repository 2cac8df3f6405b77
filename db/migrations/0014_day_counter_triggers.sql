-- Keeps touch_days and conversation_days (db/schema/rollups.ts) current from touch_log and
-- conversation_rollup: active families only, by UTC day. Backfill first, then the triggers;
-- test/integration/cadence-rollups.test.ts recomputes both from raw rows.
INSERT INTO touch_days (school_id, day, from_family, educator_id, touches) SELECT school_id, at / 86400000, from_family, coalesce(educator_id, ''), count(*) FROM touch_log WHERE active GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO conversation_days (school_id, day, initiated_by, conversations) SELECT school_id, last_message_at / 86400000, initiated_by, count(*) FROM conversation_rollup WHERE active GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE TRIGGER `touch_log_days_insert` AFTER INSERT ON touch_log
BEGIN
  INSERT INTO touch_days (school_id, day, from_family, educator_id, touches) SELECT NEW.school_id, NEW.at / 86400000, NEW.from_family, coalesce(NEW.educator_id, ''), 1 WHERE NEW.active ON CONFLICT (school_id, day, from_family, educator_id) DO UPDATE SET touches = touches + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `touch_log_days_delete` AFTER DELETE ON touch_log
BEGIN
  UPDATE touch_days SET touches = touches - 1 WHERE OLD.active AND school_id = OLD.school_id AND day = OLD.at / 86400000 AND from_family = OLD.from_family AND educator_id = coalesce(OLD.educator_id, '');
  DELETE FROM touch_days WHERE school_id = OLD.school_id AND day = OLD.at / 86400000 AND from_family = OLD.from_family AND educator_id = coalesce(OLD.educator_id, '') AND touches <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `touch_log_days_update` AFTER UPDATE OF school_id, active, at, from_family, educator_id ON touch_log
BEGIN
  UPDATE touch_days SET touches = touches - 1 WHERE OLD.active AND school_id = OLD.school_id AND day = OLD.at / 86400000 AND from_family = OLD.from_family AND educator_id = coalesce(OLD.educator_id, '');
  DELETE FROM touch_days WHERE school_id = OLD.school_id AND day = OLD.at / 86400000 AND from_family = OLD.from_family AND educator_id = coalesce(OLD.educator_id, '') AND touches <= 0;
  INSERT INTO touch_days (school_id, day, from_family, educator_id, touches) SELECT NEW.school_id, NEW.at / 86400000, NEW.from_family, coalesce(NEW.educator_id, ''), 1 WHERE NEW.active ON CONFLICT (school_id, day, from_family, educator_id) DO UPDATE SET touches = touches + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `conversation_rollup_days_insert` AFTER INSERT ON conversation_rollup
BEGIN
  INSERT INTO conversation_days (school_id, day, initiated_by, conversations) SELECT NEW.school_id, NEW.last_message_at / 86400000, NEW.initiated_by, 1 WHERE NEW.active ON CONFLICT (school_id, day, initiated_by) DO UPDATE SET conversations = conversations + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `conversation_rollup_days_delete` AFTER DELETE ON conversation_rollup
BEGIN
  UPDATE conversation_days SET conversations = conversations - 1 WHERE OLD.active AND school_id = OLD.school_id AND day = OLD.last_message_at / 86400000 AND initiated_by = OLD.initiated_by;
  DELETE FROM conversation_days WHERE school_id = OLD.school_id AND day = OLD.last_message_at / 86400000 AND initiated_by = OLD.initiated_by AND conversations <= 0;
END;
--> statement-breakpoint
CREATE TRIGGER `conversation_rollup_days_update` AFTER UPDATE OF school_id, active, last_message_at, initiated_by ON conversation_rollup
BEGIN
  UPDATE conversation_days SET conversations = conversations - 1 WHERE OLD.active AND school_id = OLD.school_id AND day = OLD.last_message_at / 86400000 AND initiated_by = OLD.initiated_by;
  DELETE FROM conversation_days WHERE school_id = OLD.school_id AND day = OLD.last_message_at / 86400000 AND initiated_by = OLD.initiated_by AND conversations <= 0;
  INSERT INTO conversation_days (school_id, day, initiated_by, conversations) SELECT NEW.school_id, NEW.last_message_at / 86400000, NEW.initiated_by, 1 WHERE NEW.active ON CONFLICT (school_id, day, initiated_by) DO UPDATE SET conversations = conversations + 1;
END;
