ALTER TABLE `event_invitations` ADD `link_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `event_invitations_link_code` ON `event_invitations` (`link_code`);