CREATE TABLE `conference_slots` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`educator_id` text NOT NULL,
	`position` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`minutes` integer NOT NULL,
	`family_id` text,
	`booked_at` integer,
	`attended` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`educator_id`) REFERENCES `educators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "conference_slots_minutes" CHECK("conference_slots"."minutes" between 5 and 120),
	CONSTRAINT "conference_slots_booked" CHECK(("conference_slots"."family_id" is null) = ("conference_slots"."booked_at" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conference_slots_position` ON `conference_slots` (`event_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `conference_slots_time` ON `conference_slots` (`event_id`,`starts_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `conference_slots_family` ON `conference_slots` (`event_id`,`family_id`) WHERE "conference_slots"."family_id" is not null;--> statement-breakpoint
CREATE INDEX `conference_slots_due` ON `conference_slots` (`starts_at`);