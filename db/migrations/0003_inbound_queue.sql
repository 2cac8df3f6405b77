CREATE TABLE `inbound_queue` (
	`message_id` text PRIMARY KEY NOT NULL,
	`prior_sms_opted_out` integer NOT NULL,
	`opt_out_type` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
