CREATE TABLE `audit_event_resources` (
	`seq` integer NOT NULL,
	`resource_type` text NOT NULL,
	`resource_name` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_event_resources_seq` ON `audit_event_resources` (`seq`);--> statement-breakpoint
CREATE INDEX `audit_event_resources_type` ON `audit_event_resources` (`resource_type`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_event_resources_name` ON `audit_event_resources` (`resource_name`,`seq`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`event_time_ms` integer NOT NULL,
	`event_name` text NOT NULL,
	`event_source` text NOT NULL,
	`read_only` integer NOT NULL,
	`username` text,
	`access_key_id` text,
	`record` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_events_id` ON `audit_events` (`event_id`);--> statement-breakpoint
CREATE INDEX `audit_events_time` ON `audit_events` (`event_time_ms`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_events_name` ON `audit_events` (`event_name`,`event_time_ms`);--> statement-breakpoint
CREATE INDEX `audit_events_source` ON `audit_events` (`event_source`,`event_time_ms`);--> statement-breakpoint
CREATE INDEX `audit_events_username` ON `audit_events` (`username`,`event_time_ms`);--> statement-breakpoint
CREATE INDEX `audit_events_key` ON `audit_events` (`access_key_id`,`event_time_ms`);