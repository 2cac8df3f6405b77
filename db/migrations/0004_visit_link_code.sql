ALTER TABLE `visits` ADD `link_code` text;--> statement-breakpoint
ALTER TABLE `visits` ADD `link_expires_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `visits_link_code` ON `visits` (`link_code`);