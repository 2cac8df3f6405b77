-- Keeps the cadence rollups (db/schema/rollups.ts) current. The touch rule below is
-- domain/cadence.ts `isTouch` in SQL; test/integration/cadence-rollups.test.ts recomputes the
-- rollups from raw rows after every kind of write and compares. To change a rule, write a new
-- migration that drops and re-creates the trigger (and re-derives the rollup it feeds).
-- The backfill runs first, before the triggers exist, so nothing is counted twice.
INSERT INTO family_cadence (family_id, school_id, active) SELECT id, school_id, active FROM families;
--> statement-breakpoint
INSERT INTO touch_log (message_id, family_id, school_id, active, educator_id, at, from_family) SELECT m.id, m.family_id, f.school_id, f.active, m.educator_id, m.occurred_at, m.direction = 'in' FROM messages m JOIN families f ON f.id = m.family_id WHERE m.family_id IS NOT NULL AND m.kind IN ('personal', 'logged_call', 'logged_in_person') AND ((m.direction = 'in' AND (m.status = 'received' OR m.kind <> 'personal')) OR (m.direction = 'out' AND m.status IN ('sent', 'delivered', 'read', 'logged')));
--> statement-breakpoint
UPDATE family_cadence SET (plan_visited_at, plan_cadence_days) = (SELECT starts_at, plan_cadence_days FROM visits WHERE family_id = family_cadence.family_id AND status = 'completed' AND starts_at IS NOT NULL AND plan_cadence_days IS NOT NULL ORDER BY starts_at DESC LIMIT 1), visited_year = (SELECT school_year FROM visits WHERE family_id = family_cadence.family_id AND status = 'completed' ORDER BY starts_at DESC LIMIT 1);
--> statement-breakpoint
UPDATE family_cadence SET opted_out = EXISTS (SELECT 1 FROM contacts WHERE family_id = family_cadence.family_id AND (sms_opted_out_at IS NOT NULL OR email_opted_out_at IS NOT NULL)), unreachable = EXISTS (SELECT 1 FROM contacts WHERE family_id = family_cadence.family_id AND (sms_unreachable_at IS NOT NULL OR email_unreachable_at IS NOT NULL));
--> statement-breakpoint
UPDATE family_cadence SET last_touch_at = (SELECT max(at) FROM touch_log WHERE touch_log.family_id = family_cadence.family_id);
--> statement-breakpoint
INSERT INTO conversation_rollup (conversation_id, family_id, school_id, active, initiated_by, last_message_at) SELECT m.conversation_id, min(m.family_id), min(f.school_id), min(f.active), min(m.initiated_by), max(m.occurred_at) FROM messages m JOIN families f ON f.id = m.family_id WHERE m.conversation_id IS NOT NULL AND m.initiated_by IS NOT NULL GROUP BY m.conversation_id;
--> statement-breakpoint
CREATE TRIGGER `families_rollup_insert` AFTER INSERT ON families
BEGIN
  INSERT INTO family_cadence (family_id, school_id, active) VALUES (NEW.id, NEW.school_id, NEW.active);
END;
--> statement-breakpoint
CREATE TRIGGER `families_rollup_update` AFTER UPDATE OF school_id, active ON families
BEGIN
  UPDATE family_cadence SET school_id = NEW.school_id, active = NEW.active WHERE family_id = NEW.id;
  UPDATE touch_log SET school_id = NEW.school_id, active = NEW.active WHERE family_id = NEW.id;
  UPDATE conversation_rollup SET school_id = NEW.school_id, active = NEW.active WHERE family_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `families_rollup_delete` AFTER DELETE ON families
BEGIN
  DELETE FROM family_cadence WHERE family_id = OLD.id;
  DELETE FROM touch_log WHERE family_id = OLD.id;
  DELETE FROM conversation_rollup WHERE family_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_rollup_insert` AFTER INSERT ON contacts
BEGIN
  UPDATE family_cadence SET opted_out = EXISTS (SELECT 1 FROM contacts WHERE family_id = NEW.family_id AND (sms_opted_out_at IS NOT NULL OR email_opted_out_at IS NOT NULL)), unreachable = EXISTS (SELECT 1 FROM contacts WHERE family_id = NEW.family_id AND (sms_unreachable_at IS NOT NULL OR email_unreachable_at IS NOT NULL)) WHERE family_id = NEW.family_id;
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_rollup_update` AFTER UPDATE OF family_id, sms_opted_out_at, email_opted_out_at, sms_unreachable_at, email_unreachable_at ON contacts
BEGIN
  UPDATE family_cadence SET opted_out = EXISTS (SELECT 1 FROM contacts WHERE family_id = NEW.family_id AND (sms_opted_out_at IS NOT NULL OR email_opted_out_at IS NOT NULL)), unreachable = EXISTS (SELECT 1 FROM contacts WHERE family_id = NEW.family_id AND (sms_unreachable_at IS NOT NULL OR email_unreachable_at IS NOT NULL)) WHERE family_id = NEW.family_id;
  UPDATE family_cadence SET opted_out = EXISTS (SELECT 1 FROM contacts WHERE family_id = OLD.family_id AND (sms_opted_out_at IS NOT NULL OR email_opted_out_at IS NOT NULL)), unreachable = EXISTS (SELECT 1 FROM contacts WHERE family_id = OLD.family_id AND (sms_unreachable_at IS NOT NULL OR email_unreachable_at IS NOT NULL)) WHERE family_id = OLD.family_id;
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_rollup_delete` AFTER DELETE ON contacts
BEGIN
  UPDATE family_cadence SET opted_out = EXISTS (SELECT 1 FROM contacts WHERE family_id = OLD.family_id AND (sms_opted_out_at IS NOT NULL OR email_opted_out_at IS NOT NULL)), unreachable = EXISTS (SELECT 1 FROM contacts WHERE family_id = OLD.family_id AND (sms_unreachable_at IS NOT NULL OR email_unreachable_at IS NOT NULL)) WHERE family_id = OLD.family_id;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_rollup_insert` AFTER INSERT ON visits
BEGIN
  UPDATE family_cadence SET (plan_visited_at, plan_cadence_days) = (SELECT starts_at, plan_cadence_days FROM visits WHERE family_id = NEW.family_id AND status = 'completed' AND starts_at IS NOT NULL AND plan_cadence_days IS NOT NULL ORDER BY starts_at DESC LIMIT 1), visited_year = (SELECT school_year FROM visits WHERE family_id = NEW.family_id AND status = 'completed' ORDER BY starts_at DESC LIMIT 1) WHERE family_id = NEW.family_id;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_rollup_update` AFTER UPDATE OF family_id, status, starts_at, plan_cadence_days, school_year ON visits
BEGIN
  UPDATE family_cadence SET (plan_visited_at, plan_cadence_days) = (SELECT starts_at, plan_cadence_days FROM visits WHERE family_id = NEW.family_id AND status = 'completed' AND starts_at IS NOT NULL AND plan_cadence_days IS NOT NULL ORDER BY starts_at DESC LIMIT 1), visited_year = (SELECT school_year FROM visits WHERE family_id = NEW.family_id AND status = 'completed' ORDER BY starts_at DESC LIMIT 1) WHERE family_id = NEW.family_id;
  UPDATE family_cadence SET (plan_visited_at, plan_cadence_days) = (SELECT starts_at, plan_cadence_days FROM visits WHERE family_id = OLD.family_id AND status = 'completed' AND starts_at IS NOT NULL AND plan_cadence_days IS NOT NULL ORDER BY starts_at DESC LIMIT 1), visited_year = (SELECT school_year FROM visits WHERE family_id = OLD.family_id AND status = 'completed' ORDER BY starts_at DESC LIMIT 1) WHERE family_id = OLD.family_id;
END;
--> statement-breakpoint
CREATE TRIGGER `visits_rollup_delete` AFTER DELETE ON visits
BEGIN
  UPDATE family_cadence SET (plan_visited_at, plan_cadence_days) = (SELECT starts_at, plan_cadence_days FROM visits WHERE family_id = OLD.family_id AND status = 'completed' AND starts_at IS NOT NULL AND plan_cadence_days IS NOT NULL ORDER BY starts_at DESC LIMIT 1), visited_year = (SELECT school_year FROM visits WHERE family_id = OLD.family_id AND status = 'completed' ORDER BY starts_at DESC LIMIT 1) WHERE family_id = OLD.family_id;
END;
--> statement-breakpoint
CREATE TRIGGER `messages_rollup_insert` AFTER INSERT ON messages
WHEN NEW.family_id IS NOT NULL
BEGIN
  INSERT INTO touch_log (message_id, family_id, school_id, active, educator_id, at, from_family) SELECT NEW.id, NEW.family_id, school_id, active, NEW.educator_id, NEW.occurred_at, NEW.direction = 'in' FROM families WHERE id = NEW.family_id AND NEW.family_id IS NOT NULL AND NEW.kind IN ('personal', 'logged_call', 'logged_in_person') AND ((NEW.direction = 'in' AND (NEW.status = 'received' OR NEW.kind <> 'personal')) OR (NEW.direction = 'out' AND NEW.status IN ('sent', 'delivered', 'read', 'logged')));
  INSERT INTO conversation_rollup (conversation_id, family_id, school_id, active, initiated_by, last_message_at) SELECT NEW.conversation_id, NEW.family_id, school_id, active, NEW.initiated_by, NEW.occurred_at FROM families WHERE id = NEW.family_id AND NEW.conversation_id IS NOT NULL AND NEW.initiated_by IS NOT NULL ON CONFLICT (conversation_id) DO UPDATE SET last_message_at = max(last_message_at, excluded.last_message_at);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_rollup_touch_update` AFTER UPDATE OF family_id, kind, direction, status, occurred_at, educator_id ON messages
BEGIN
  DELETE FROM touch_log WHERE message_id = OLD.id;
  INSERT INTO touch_log (message_id, family_id, school_id, active, educator_id, at, from_family) SELECT NEW.id, NEW.family_id, school_id, active, NEW.educator_id, NEW.occurred_at, NEW.direction = 'in' FROM families WHERE id = NEW.family_id AND NEW.family_id IS NOT NULL AND NEW.kind IN ('personal', 'logged_call', 'logged_in_person') AND ((NEW.direction = 'in' AND (NEW.status = 'received' OR NEW.kind <> 'personal')) OR (NEW.direction = 'out' AND NEW.status IN ('sent', 'delivered', 'read', 'logged')));
END;
--> statement-breakpoint
CREATE TRIGGER `messages_rollup_conversation_update` AFTER UPDATE OF conversation_id, initiated_by, family_id, occurred_at ON messages
BEGIN
  INSERT INTO conversation_rollup (conversation_id, family_id, school_id, active, initiated_by, last_message_at) SELECT NEW.conversation_id, NEW.family_id, school_id, active, NEW.initiated_by, NEW.occurred_at FROM families WHERE id = NEW.family_id AND NEW.conversation_id IS NOT NULL AND NEW.initiated_by IS NOT NULL ON CONFLICT (conversation_id) DO UPDATE SET last_message_at = max(last_message_at, excluded.last_message_at);
  DELETE FROM conversation_rollup WHERE conversation_id = OLD.conversation_id AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = OLD.conversation_id AND initiated_by IS NOT NULL AND family_id IS NOT NULL);
  UPDATE conversation_rollup SET last_message_at = (SELECT max(occurred_at) FROM messages WHERE conversation_id = OLD.conversation_id AND initiated_by IS NOT NULL AND family_id IS NOT NULL) WHERE conversation_id = OLD.conversation_id;
END;
--> statement-breakpoint
CREATE TRIGGER `messages_rollup_delete` AFTER DELETE ON messages
BEGIN
  DELETE FROM touch_log WHERE message_id = OLD.id;
  DELETE FROM conversation_rollup WHERE conversation_id = OLD.conversation_id AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = OLD.conversation_id AND initiated_by IS NOT NULL AND family_id IS NOT NULL);
  UPDATE conversation_rollup SET last_message_at = (SELECT max(occurred_at) FROM messages WHERE conversation_id = OLD.conversation_id AND initiated_by IS NOT NULL AND family_id IS NOT NULL) WHERE conversation_id = OLD.conversation_id;
END;
--> statement-breakpoint
CREATE TRIGGER `touch_log_insert` AFTER INSERT ON touch_log
BEGIN
  UPDATE family_cadence SET last_touch_at = max(coalesce(last_touch_at, NEW.at), NEW.at) WHERE family_id = NEW.family_id;
END;
--> statement-breakpoint
CREATE TRIGGER `touch_log_delete` AFTER DELETE ON touch_log
BEGIN
  UPDATE family_cadence SET last_touch_at = (SELECT max(at) FROM touch_log WHERE family_id = OLD.family_id) WHERE family_id = OLD.family_id;
END;
