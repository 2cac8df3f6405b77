DROP INDEX `touch_days_educator`;--> statement-breakpoint
CREATE INDEX `touch_days_chart` ON `touch_days` (`school_id`,`day`,`from_family`,`touches`);--> statement-breakpoint
CREATE INDEX `touch_days_educator` ON `touch_days` (`school_id`,`from_family`,`educator_id`,`day`,`touches`);