CREATE TABLE `cancel_word_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`educator_id` text NOT NULL,
	`family_id` text NOT NULL,
	`message_id` text NOT NULL,
	`visit_id` text NOT NULL,
	`keyword` text NOT NULL,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_id`) REFERENCES `visits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cancel_word_alerts_once` ON `cancel_word_alerts` (`educator_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `cancel_word_alerts_pending` ON `cancel_word_alerts` (`sent_at`);--> statement-breakpoint
ALTER TABLE `events` ADD `translations` text DEFAULT '{}' NOT NULL;