ALTER TABLE `districts` ADD `retention` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `districts` ADD `retention_applied_through` integer;--> statement-breakpoint
CREATE INDEX `audit_log_actor` ON `audit_log` (`actor_id`,`created_at`);