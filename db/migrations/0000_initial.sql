CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`subject_type` text,
	`subject_id` text,
	`detail` text,
	`created_at` integer NOT NULL,
	CONSTRAINT "audit_log_actor_type" CHECK("audit_log"."actor_type" in ('educator', 'api_token', 'family', 'system'))
);
--> statement-breakpoint
CREATE INDEX `audit_log_subject` ON `audit_log` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `audit_log_time` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `login_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`educator_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `login_tokens_expiry` ON `login_tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`educator_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_educator` ON `sessions` (`educator_id`);--> statement-breakpoint
CREATE INDEX `sessions_expiry` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `event_invitations` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`family_id` text NOT NULL,
	`rsvp` text,
	`responded_at` integer,
	`attended` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "event_invitations_rsvp" CHECK("event_invitations"."rsvp" in ('yes', 'no', 'maybe'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_invitations_family` ON `event_invitations` (`event_id`,`family_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`school_year` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer,
	`location` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "events_kind" CHECK("events"."kind" in ('family_dinner', 'workshop', 'team_meeting', 'conference', 'open_house', 'other'))
);
--> statement-breakpoint
CREATE INDEX `events_school` ON `events` (`school_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`family_id` text NOT NULL,
	`name` text NOT NULL,
	`relationship` text,
	`phone` text,
	`email` text,
	`language` text,
	`channel` text,
	`sms_opted_out_at` integer,
	`email_opted_out_at` integer,
	`sms_unreachable_at` integer,
	`email_unreachable_at` integer,
	`unreachable_reason` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "contacts_channel" CHECK("contacts"."channel" in ('sms', 'email'))
);
--> statement-breakpoint
CREATE INDEX `contacts_family` ON `contacts` (`family_id`);--> statement-breakpoint
CREATE INDEX `contacts_phone` ON `contacts` (`phone`);--> statement-breakpoint
CREATE INDEX `contacts_email` ON `contacts` (`email`);--> statement-breakpoint
CREATE TABLE `families` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`display_name` text NOT NULL,
	`language` text NOT NULL,
	`channel` text NOT NULL,
	`timezone` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "families_channel" CHECK("families"."channel" in ('sms', 'email'))
);
--> statement-breakpoint
CREATE INDEX `families_school_name` ON `families` (`school_id`,`display_name`,`id`);--> statement-breakpoint
CREATE TABLE `student_educators` (
	`student_id` text NOT NULL,
	`educator_id` text NOT NULL,
	`school_year` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`student_id`, `educator_id`, `school_year`),
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `student_educators_educator` ON `student_educators` (`educator_id`,`school_year`);--> statement-breakpoint
CREATE TABLE `students` (
	`id` text PRIMARY KEY NOT NULL,
	`family_id` text NOT NULL,
	`school_id` text NOT NULL,
	`first_name` text NOT NULL,
	`last_initial` text,
	`grade` text NOT NULL,
	`program_flags` text DEFAULT '{}' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "students_grade" CHECK("students"."grade" in ('PK', 'K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'))
);
--> statement-breakpoint
CREATE INDEX `students_family` ON `students` (`family_id`);--> statement-breakpoint
CREATE INDEX `students_school` ON `students` (`school_id`);--> statement-breakpoint
CREATE TABLE `consent_events` (
	`id` text PRIMARY KEY NOT NULL,
	`family_id` text,
	`contact_id` text,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`keyword` text,
	`message_id` text,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "consent_events_kind" CHECK("consent_events"."kind" in ('opt_out', 'opt_in', 'help', 'opt_out_review')),
	CONSTRAINT "consent_events_source" CHECK("consent_events"."source" in ('keyword', 'provider', 'staff', 'import'))
);
--> statement-breakpoint
CREATE INDEX `consent_events_contact` ON `consent_events` (`contact_id`);--> statement-breakpoint
CREATE TABLE `message_events` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text,
	`provider` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`event_type` text NOT NULL,
	`payload` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "message_events_provider" CHECK("message_events"."provider" in ('twilio', 'sendgrid', 'console'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_events_dedupe` ON `message_events` (`provider`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `message_events_message` ON `message_events` (`message_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`family_id` text,
	`contact_id` text,
	`educator_id` text,
	`direction` text NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`language` text NOT NULL,
	`template_key` text,
	`body` text NOT NULL,
	`translated_body` text,
	`address` text,
	`segments` integer,
	`status` text NOT NULL,
	`status_reason` text,
	`provider` text,
	`provider_message_id` text,
	`error_code` text,
	`visit_id` text,
	`event_id` text,
	`conversation_id` text,
	`initiated_by` text,
	`occurred_at` integer NOT NULL,
	`read_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "messages_direction" CHECK("messages"."direction" in ('in', 'out')),
	CONSTRAINT "messages_kind" CHECK("messages"."kind" in ('personal', 'scheduling', 'reminder', 'broadcast', 'system', 'logged_call', 'logged_in_person')),
	CONSTRAINT "messages_channel" CHECK("messages"."channel" in ('sms', 'email', 'voice', 'in_person')),
	CONSTRAINT "messages_status" CHECK("messages"."status" in ('queued', 'sending', 'unknown', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'undeliverable', 'dead_letter', 'received', 'logged')),
	CONSTRAINT "messages_provider" CHECK("messages"."provider" in ('twilio', 'sendgrid', 'console')),
	CONSTRAINT "messages_initiated_by" CHECK("messages"."initiated_by" in ('family', 'educator'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_provider_message` ON `messages` (`provider`,`provider_message_id`);--> statement-breakpoint
CREATE INDEX `messages_family_time` ON `messages` (`family_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `messages_conversation` ON `messages` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`lease_owner` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "outbox_state" CHECK("outbox"."state" in ('pending', 'leased', 'done', 'dead'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_message` ON `outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `districts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `educators` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`role` text NOT NULL,
	`languages` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "educators_role" CHECK("educators"."role" in ('educator', 'coordinator', 'district_admin')),
	CONSTRAINT "educators_email_lower" CHECK("educators"."email" = lower("educators"."email"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `educators_email` ON `educators` (`email`);--> statement-breakpoint
CREATE INDEX `educators_school` ON `educators` (`school_id`);--> statement-breakpoint
CREATE TABLE `schools` (
	`id` text PRIMARY KEY NOT NULL,
	`district_id` text NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`program_model` text NOT NULL,
	`default_language` text DEFAULT 'en' NOT NULL,
	`default_channel` text DEFAULT 'sms' NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "schools_program_model" CHECK("schools"."program_model" in ('pthv', 'homeworks', 'ptlt', 'hvp')),
	CONSTRAINT "schools_default_channel" CHECK("schools"."default_channel" in ('sms', 'email'))
);
--> statement-breakpoint
CREATE INDEX `schools_district` ON `schools` (`district_id`);--> statement-breakpoint
CREATE TABLE `selection_draws` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`school_year` text NOT NULL,
	`seed` text NOT NULL,
	`criteria` text NOT NULL,
	`result` text NOT NULL,
	`drawn_by_educator_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`drawn_by_educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `visit_educators` (
	`visit_id` text NOT NULL,
	`educator_id` text NOT NULL,
	`role` text NOT NULL,
	`attested_at` integer,
	`minutes_spent` integer,
	PRIMARY KEY(`visit_id`, `educator_id`),
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "visit_educators_role" CHECK("visit_educators"."role" in ('lead', 'partner'))
);
--> statement-breakpoint
CREATE INDEX `visit_educators_educator` ON `visit_educators` (`educator_id`);--> statement-breakpoint
CREATE TABLE `visit_slots` (
	`id` text PRIMARY KEY NOT NULL,
	`visit_id` text NOT NULL,
	`position` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`chosen_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "visit_slots_position" CHECK("visit_slots"."position" between 1 and 3)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visit_slots_position_per_visit` ON `visit_slots` (`visit_id`,`position`);--> statement-breakpoint
CREATE TABLE `visit_students` (
	`visit_id` text NOT NULL,
	`student_id` text NOT NULL,
	PRIMARY KEY(`visit_id`, `student_id`),
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`student_id`) REFERENCES `students`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `visits` (
	`id` text PRIMARY KEY NOT NULL,
	`family_id` text NOT NULL,
	`school_id` text NOT NULL,
	`school_year` text NOT NULL,
	`round` integer NOT NULL,
	`status` text NOT NULL,
	`starts_at` integer,
	`duration_minutes` integer,
	`location` text DEFAULT 'home' NOT NULL,
	`location_note` text,
	`interpreter_language` text,
	`private_notes` text,
	`plan_channel` text,
	`plan_cadence_days` integer,
	`resource_requests` text,
	`completed_at` integer,
	`status_reason` text,
	`created_by_educator_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "visits_round" CHECK("visits"."round" in (1, 2)),
	CONSTRAINT "visits_status" CHECK("visits"."status" in ('invited', 'scheduled', 'completed', 'declined', 'cancelled', 'no_show')),
	CONSTRAINT "visits_location" CHECK("visits"."location" in ('home', 'neutral')),
	CONSTRAINT "visits_plan_channel" CHECK("visits"."plan_channel" in ('sms', 'email', 'call', 'in_person')),
	CONSTRAINT "visits_plan_cadence" CHECK("visits"."plan_cadence_days" is null or "visits"."plan_cadence_days" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visits_one_open_per_round` ON `visits` (`family_id`,`school_year`,`round`) WHERE "visits"."status" in ('invited', 'scheduled', 'completed');--> statement-breakpoint
CREATE INDEX `visits_school_status` ON `visits` (`school_id`,`status`);--> statement-breakpoint
CREATE INDEX `visits_family` ON `visits` (`family_id`);