CREATE TABLE `service_catalog` (
	`prefix` text PRIMARY KEY NOT NULL,
	`document` text,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL
);
