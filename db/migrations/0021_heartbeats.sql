CREATE TABLE `heartbeats` (
	`id` text PRIMARY KEY NOT NULL,
	`beat_at` integer NOT NULL
);
