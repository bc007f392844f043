CREATE TABLE `last_access_jobs` (
	`job_id` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`arn` text NOT NULL,
	`granularity` text NOT NULL,
	`created_at` text NOT NULL,
	`result` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `last_access_jobs_created` ON `last_access_jobs` (`created_at`);--> statement-breakpoint
CREATE TABLE `service_last_access` (
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`service` text NOT NULL,
	`action` text NOT NULL,
	`at_ms` integer NOT NULL,
	`region` text NOT NULL,
	PRIMARY KEY(`entity_type`, `entity_id`, `service`, `action`)
);
