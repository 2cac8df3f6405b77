CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_started_at` integer NOT NULL,
	`window_ends_at` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limits_ends` ON `rate_limits` (`window_ends_at`);--> statement-breakpoint
CREATE TABLE `staff_mail` (
	`id` text PRIMARY KEY NOT NULL,
	`educator_id` text,
	`kind` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`extra` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`last_error` text,
	`provider_message_id` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "staff_mail_state" CHECK("staff_mail"."state" in ('pending', 'leased', 'done', 'dead'))
);
--> statement-breakpoint
CREATE INDEX `staff_mail_due` ON `staff_mail` (`state`,`next_attempt_at`);