CREATE TABLE `server_certificates` (
	`server_certificate_id` text PRIMARY KEY NOT NULL,
	`server_certificate_name` text NOT NULL,
	`name_lc` text NOT NULL,
	`path` text NOT NULL,
	`arn` text NOT NULL,
	`certificate_body` text NOT NULL,
	`certificate_chain` text,
	`private_key_sealed` text NOT NULL,
	`upload_date` text NOT NULL,
	`expiration` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `server_certificates_name_lc` ON `server_certificates` (`name_lc`);