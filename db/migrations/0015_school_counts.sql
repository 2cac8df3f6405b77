CREATE TABLE `school_counts` (
	`school_id` text NOT NULL,
	`measure` text NOT NULL,
	`key` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`school_id`, `measure`, `key`)
);
