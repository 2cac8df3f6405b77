-- Inbound texts: the webhook now writes only this receipt; routing stores the message.
-- Rows queued before this migration already have their message row; routing recognises
-- them (same id) and routes them as before.
CREATE TABLE `__new_inbound_queue` (
	`message_id` text PRIMARY KEY NOT NULL,
	`provider_message_id` text NOT NULL,
	`address` text NOT NULL,
	`body` text NOT NULL,
	`media` text,
	`kind` text NOT NULL,
	`status_reason` text,
	`prior_sms_opted_out` integer NOT NULL,
	`opt_out_type` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_inbound_queue`("message_id", "provider_message_id", "address", "body", "media", "kind", "status_reason", "prior_sms_opted_out", "opt_out_type", "created_at") SELECT q."message_id", coalesce(m."provider_message_id", m."id"), coalesce(m."address", ''), m."body", m."media", m."kind", m."status_reason", q."prior_sms_opted_out", q."opt_out_type", q."created_at" FROM `inbound_queue` q JOIN `messages` m ON m."id" = q."message_id";--> statement-breakpoint
DROP TABLE `inbound_queue`;--> statement-breakpoint
ALTER TABLE `__new_inbound_queue` RENAME TO `inbound_queue`;--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_queue_provider_message` ON `inbound_queue` (`provider_message_id`);