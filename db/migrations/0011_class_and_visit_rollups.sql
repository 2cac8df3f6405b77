CREATE TABLE `class_families` (
	`educator_id` text NOT NULL,
	`school_year` text NOT NULL,
	`family_id` text NOT NULL,
	`school_id` text NOT NULL,
	`students` integer NOT NULL,
	`active` integer NOT NULL,
	`plan_cadence_days` integer,
	`baseline_at` integer,
	PRIMARY KEY(`educator_id`, `school_year`, `family_id`)
);
--> statement-breakpoint
CREATE INDEX `class_families_school` ON `class_families` (`school_id`,`school_year`,`educator_id`,`active`,`plan_cadence_days`,`baseline_at`);--> statement-breakpoint
CREATE INDEX `class_families_family` ON `class_families` (`family_id`,`school_year`);--> statement-breakpoint
CREATE TABLE `student_visits` (
	`student_id` text NOT NULL,
	`school_year` text NOT NULL,
	`school_id` text NOT NULL,
	`visits` integer NOT NULL,
	PRIMARY KEY(`student_id`, `school_year`, `school_id`)
);
--> statement-breakpoint
CREATE INDEX `student_visits_school` ON `student_visits` (`school_id`,`school_year`);--> statement-breakpoint
DROP INDEX `touch_log_school_time`;--> statement-breakpoint
CREATE INDEX `touch_log_school_educator` ON `touch_log` (`school_id`,`active`,`from_family`,`educator_id`,`at`);--> statement-breakpoint
CREATE INDEX `touch_log_school_time` ON `touch_log` (`school_id`,`active`,`at`,`from_family`);