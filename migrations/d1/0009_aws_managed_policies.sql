CREATE TABLE `aws_managed_catalog_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`policies` integer NOT NULL,
	`seeded_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `aws_managed_policies` (
	`name` text PRIMARY KEY NOT NULL,
	`path` text NOT NULL,
	`default_version_id` text NOT NULL,
	`document` text NOT NULL,
	`create_date` text NOT NULL,
	`update_date` text NOT NULL,
	`description` text,
	`attachable` integer NOT NULL
);
