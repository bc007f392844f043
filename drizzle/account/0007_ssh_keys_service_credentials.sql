CREATE TABLE `service_specific_credentials` (
	`credential_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`service_name` text NOT NULL,
	`service_user_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`status` text NOT NULL,
	`create_date` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `service_specific_credentials_user` ON `service_specific_credentials` (`user_id`,`service_name`);--> statement-breakpoint
CREATE TABLE `ssh_public_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`blob` text NOT NULL,
	`sha256` text NOT NULL,
	`status` text NOT NULL,
	`upload_date` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ssh_public_keys_user_key` ON `ssh_public_keys` (`user_id`,`sha256`);