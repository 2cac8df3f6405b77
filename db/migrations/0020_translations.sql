CREATE TABLE `message_translations` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`direction` text NOT NULL,
	`source_language` text NOT NULL,
	`target_language` text NOT NULL,
	`original` text,
	`text` text,
	`machine_text` text,
	`engine` text,
	`model` text,
	`detected_language` text,
	`detection_score` real,
	`status` text NOT NULL,
	`status_reason` text,
	`chars` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`lease_until` integer,
	`lease_owner` text,
	`corrected_by_educator_id` text,
	`corrected_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`corrected_by_educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "message_translations_direction" CHECK("message_translations"."direction" in ('to_staff', 'to_family')),
	CONSTRAINT "message_translations_status" CHECK("message_translations"."status" in ('pending', 'done', 'failed', 'skipped', 'over_cap', 'corrected', 'edited', 'as_written'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_translations_once` ON `message_translations` (`message_id`,`direction`);--> statement-breakpoint
CREATE INDEX `message_translations_due` ON `message_translations` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `translation_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`source_language` text NOT NULL,
	`target_language` text NOT NULL,
	`text` text NOT NULL,
	`engine` text NOT NULL,
	`model` text,
	`hits` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `translation_cache_last_used` ON `translation_cache` (`last_used_at`);--> statement-breakpoint
CREATE TABLE `translation_usage` (
	`month` text PRIMARY KEY NOT NULL,
	`chars` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
