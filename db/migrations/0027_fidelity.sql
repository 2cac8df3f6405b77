CREATE TABLE `educator_commitments` (
	`educator_id` text NOT NULL,
	`school_year` text NOT NULL,
	`school_id` text NOT NULL,
	`commitment` text NOT NULL,
	`recorded_by_educator_id` text,
	`recorded_at` integer NOT NULL,
	PRIMARY KEY(`educator_id`, `school_year`),
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "educator_commitments_commitment" CHECK("educator_commitments"."commitment" in ('agreed', 'supports', 'declined'))
);
--> statement-breakpoint
CREATE INDEX `educator_commitments_school` ON `educator_commitments` (`school_id`,`school_year`);--> statement-breakpoint
CREATE TABLE `site_coordinators` (
	`school_id` text NOT NULL,
	`educator_id` text NOT NULL,
	`since` integer NOT NULL,
	PRIMARY KEY(`school_id`, `educator_id`),
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `training_attendance` (
	`training_id` text NOT NULL,
	`educator_id` text NOT NULL,
	PRIMARY KEY(`training_id`, `educator_id`),
	FOREIGN KEY (`training_id`) REFERENCES `trainings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_attendance_educator` ON `training_attendance` (`educator_id`);--> statement-breakpoint
CREATE TABLE `trainings` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`school_year` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`held_on` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`recorded_by_educator_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "trainings_kind" CHECK("trainings"."kind" in ('introductory', 'mandatory', 'refresher', 'debrief')),
	CONSTRAINT "trainings_duration" CHECK("trainings"."duration_minutes" > 0)
);
--> statement-breakpoint
CREATE INDEX `trainings_school_year` ON `trainings` (`school_id`,`school_year`);--> statement-breakpoint
ALTER TABLE `visit_educators` ADD `arranging_minutes` integer;--> statement-breakpoint
ALTER TABLE `visit_educators` ADD `conducting_minutes` integer;--> statement-breakpoint
ALTER TABLE `visit_educators` ADD `debriefing_minutes` integer;--> statement-breakpoint
ALTER TABLE `visit_educators` ADD `reflection` text;--> statement-breakpoint
ALTER TABLE `visit_educators` ADD `reflected_at` integer;--> statement-breakpoint
ALTER TABLE `visits` ADD `calendar_code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `visits_calendar_code` ON `visits` (`calendar_code`);