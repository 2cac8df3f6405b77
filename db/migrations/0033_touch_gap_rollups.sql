CREATE TABLE `touch_gap_changes` (
	`school_id` text NOT NULL,
	`family_id` text NOT NULL,
	PRIMARY KEY(`school_id`, `family_id`)
);
--> statement-breakpoint
CREATE TABLE `touch_gap_counts` (
	`school_id` text NOT NULL,
	`gap` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`school_id`, `gap`)
);
--> statement-breakpoint
CREATE TABLE `touch_gap_days` (
	`school_id` text NOT NULL,
	`family_id` text NOT NULL,
	`day` integer NOT NULL,
	PRIMARY KEY(`school_id`, `family_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `touch_gap_days_day` ON `touch_gap_days` (`school_id`,`day`,`family_id`);--> statement-breakpoint
ALTER TABLE `school_touch_gaps` ADD `time_zone` text;