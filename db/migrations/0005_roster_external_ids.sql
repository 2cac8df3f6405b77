ALTER TABLE `contacts` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_external` ON `contacts` (`family_id`,`external_id`) WHERE "contacts"."external_id" is not null;--> statement-breakpoint
ALTER TABLE `families` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `families_external` ON `families` (`school_id`,`external_id`) WHERE "families"."external_id" is not null;--> statement-breakpoint
ALTER TABLE `students` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `students_external` ON `students` (`school_id`,`external_id`) WHERE "students"."external_id" is not null;--> statement-breakpoint
ALTER TABLE `educators` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `educators_external` ON `educators` (`external_id`) WHERE "educators"."external_id" is not null;--> statement-breakpoint
ALTER TABLE `schools` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `schools_external` ON `schools` (`external_id`) WHERE "schools"."external_id" is not null;