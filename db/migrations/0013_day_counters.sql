CREATE TABLE `conversation_days` (
	`school_id` text NOT NULL,
	`day` integer NOT NULL,
	`initiated_by` text NOT NULL,
	`conversations` integer NOT NULL,
	PRIMARY KEY(`school_id`, `day`, `initiated_by`)
);
--> statement-breakpoint
CREATE TABLE `touch_days` (
	`school_id` text NOT NULL,
	`day` integer NOT NULL,
	`from_family` integer NOT NULL,
	`educator_id` text NOT NULL,
	`touches` integer NOT NULL,
	PRIMARY KEY(`school_id`, `day`, `from_family`, `educator_id`)
);
--> statement-breakpoint
CREATE INDEX `touch_days_educator` ON `touch_days` (`school_id`,`from_family`,`educator_id`,`day`);