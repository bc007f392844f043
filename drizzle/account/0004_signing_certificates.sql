CREATE TABLE `signing_certificates` (
	`certificate_id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`body` text NOT NULL,
	`sha256` text NOT NULL,
	`status` text NOT NULL,
	`upload_date` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `signing_certificates_user` ON `signing_certificates` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `signing_certificates_sha256` ON `signing_certificates` (`sha256`);