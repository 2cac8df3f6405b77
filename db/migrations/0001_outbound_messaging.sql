CREATE TABLE `sender_pauses` (
	`id` text PRIMARY KEY NOT NULL,
	`sender` text NOT NULL,
	`error_code` text NOT NULL,
	`reason` text NOT NULL,
	`paused_at` integer NOT NULL,
	`resumed_at` integer,
	`resumed_by_educator_id` text,
	FOREIGN KEY (`resumed_by_educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `messages` ADD `template_params` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `fallback_from_language` text;--> statement-breakpoint
CREATE INDEX `messages_address` ON `messages` (`address`,`channel`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `unknown_since` integer;