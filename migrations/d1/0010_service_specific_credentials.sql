CREATE TABLE `service_specific_credentials` (
	`service_user_name` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`credential_id` text NOT NULL,
	`user_id` text NOT NULL,
	`service_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`status` text NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `service_specific_credentials_account` ON `service_specific_credentials` (`account_id`);