CREATE TABLE `conversation_rollup` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`family_id` text NOT NULL,
	`school_id` text NOT NULL,
	`active` integer NOT NULL,
	`initiated_by` text NOT NULL,
	`last_message_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `conversation_rollup_school` ON `conversation_rollup` (`school_id`,`active`,`last_message_at`,`initiated_by`);--> statement-breakpoint
CREATE INDEX `conversation_rollup_family` ON `conversation_rollup` (`family_id`);--> statement-breakpoint
CREATE TABLE `family_cadence` (
	`family_id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`active` integer NOT NULL,
	`plan_visited_at` integer,
	`plan_cadence_days` integer,
	`last_touch_at` integer,
	`visited_year` text,
	`opted_out` integer DEFAULT false NOT NULL,
	`unreachable` integer DEFAULT false NOT NULL,
	`baseline_at` integer GENERATED ALWAYS AS (max(plan_visited_at, coalesce(last_touch_at, plan_visited_at))) STORED
);
--> statement-breakpoint
CREATE INDEX `family_cadence_school` ON `family_cadence` (`school_id`,`active`,`plan_cadence_days`,`baseline_at`,`visited_year`,`opted_out`,`unreachable`);--> statement-breakpoint
CREATE TABLE `school_touch_gaps` (
	`school_id` text NOT NULL,
	`day` integer NOT NULL,
	`gaps` text NOT NULL,
	PRIMARY KEY(`school_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `touch_log` (
	`message_id` text PRIMARY KEY NOT NULL,
	`family_id` text NOT NULL,
	`school_id` text NOT NULL,
	`active` integer NOT NULL,
	`educator_id` text,
	`at` integer NOT NULL,
	`from_family` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `touch_log_school_time` ON `touch_log` (`school_id`,`active`,`at`,`from_family`,`educator_id`);--> statement-breakpoint
CREATE INDEX `touch_log_school_family` ON `touch_log` (`school_id`,`active`,`family_id`,`at`);--> statement-breakpoint
CREATE INDEX `touch_log_family` ON `touch_log` (`family_id`,`at`);--> statement-breakpoint
DROP INDEX `students_school`;--> statement-breakpoint
CREATE INDEX `students_school` ON `students` (`school_id`,`active`);