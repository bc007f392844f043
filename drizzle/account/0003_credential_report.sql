CREATE TABLE `credential_report` (
	`line` integer PRIMARY KEY NOT NULL,
	`csv` text NOT NULL,
	`generated_at` text NOT NULL
);
