CREATE TABLE `educator_notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`educator_id` text NOT NULL,
	`message_id` text NOT NULL,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `educator_notifications_once` ON `educator_notifications` (`educator_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `educator_notifications_pending` ON `educator_notifications` (`sent_at`,`educator_id`);--> statement-breakpoint
ALTER TABLE `messages` ADD `media` text;--> statement-breakpoint
ALTER TABLE `educators` ADD `notify_mode` text DEFAULT 'immediate' NOT NULL;