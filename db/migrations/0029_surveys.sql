CREATE TABLE `survey_answers` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`recipient_id` text NOT NULL,
	`question_id` text NOT NULL,
	`value` integer,
	`text` text,
	`language` text NOT NULL,
	`message_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recipient_id`) REFERENCES `survey_recipients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`question_id`) REFERENCES `survey_questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_answers_once` ON `survey_answers` (`recipient_id`,`question_id`);--> statement-breakpoint
CREATE INDEX `survey_answers_question` ON `survey_answers` (`question_id`);--> statement-breakpoint
CREATE TABLE `survey_questions` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`prompt` text NOT NULL,
	`choices` text,
	`translations` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "survey_questions_kind" CHECK("survey_questions"."kind" in ('scale', 'choice', 'text'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_questions_position` ON `survey_questions` (`survey_id`,`position`);--> statement-breakpoint
CREATE TABLE `survey_recipients` (
	`id` text PRIMARY KEY NOT NULL,
	`survey_id` text NOT NULL,
	`family_id` text,
	`educator_id` text,
	`link_hash` text,
	`channel` text,
	`sms_position` integer,
	`invited_at` integer,
	`reminded_at` integer,
	`completed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_recipients_family` ON `survey_recipients` (`survey_id`,`family_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `survey_recipients_educator` ON `survey_recipients` (`survey_id`,`educator_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `survey_recipients_link` ON `survey_recipients` (`link_hash`);--> statement-breakpoint
CREATE INDEX `survey_recipients_sms` ON `survey_recipients` (`family_id`,`sms_position`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` text PRIMARY KEY NOT NULL,
	`school_id` text NOT NULL,
	`school_year` text NOT NULL,
	`audience` text NOT NULL,
	`preset` text,
	`title` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`anonymous` integer DEFAULT true NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`opened_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "surveys_audience" CHECK("surveys"."audience" in ('families', 'educators')),
	CONSTRAINT "surveys_status" CHECK("surveys"."status" in ('draft', 'open', 'closed'))
);
--> statement-breakpoint
CREATE INDEX `surveys_school_year` ON `surveys` (`school_id`,`school_year`);