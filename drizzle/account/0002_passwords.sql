CREATE TABLE `login_profiles` (
	`owner` text PRIMARY KEY NOT NULL,
	`password_hash` text NOT NULL,
	`create_date` text NOT NULL,
	`password_reset_required` integer NOT NULL,
	`password_changed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `password_history` (
	`owner` text NOT NULL,
	`seq` integer NOT NULL,
	`password_hash` text NOT NULL,
	`set_at` text NOT NULL,
	PRIMARY KEY(`owner`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `password_policy` (
	`id` integer PRIMARY KEY NOT NULL,
	`minimum_password_length` integer NOT NULL,
	`require_symbols` integer NOT NULL,
	`require_numbers` integer NOT NULL,
	`require_uppercase_characters` integer NOT NULL,
	`require_lowercase_characters` integer NOT NULL,
	`allow_users_to_change_password` integer NOT NULL,
	`max_password_age` integer,
	`password_reuse_prevention` integer,
	`hard_expiry` integer
);
--> statement-breakpoint
CREATE TABLE `password_use` (
	`owner` text PRIMARY KEY NOT NULL,
	`last_used` text NOT NULL
);
