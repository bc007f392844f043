CREATE TABLE `access_keys` (
	`access_key_id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`status` text NOT NULL,
	`create_date` text NOT NULL,
	`secret_sealed` text NOT NULL,
	`last_used_date` text,
	`last_used_service` text,
	`last_used_region` text
);
--> statement-breakpoint
CREATE INDEX `access_keys_user` ON `access_keys` (`user_id`);--> statement-breakpoint
CREATE TABLE `account` (
	`account_id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`alias` text,
	`status` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`group_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `group_members_user` ON `group_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`group_id` text PRIMARY KEY NOT NULL,
	`group_name` text NOT NULL,
	`name_lc` text NOT NULL,
	`path` text NOT NULL,
	`arn` text NOT NULL,
	`create_date` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_name_lc` ON `groups` (`name_lc`);--> statement-breakpoint
CREATE TABLE `inline_policies` (
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`policy_name` text NOT NULL,
	`document` text NOT NULL,
	PRIMARY KEY(`entity_type`, `entity_id`, `policy_name`)
);
--> statement-breakpoint
CREATE TABLE `instance_profile_roles` (
	`instance_profile_id` text NOT NULL,
	`role_id` text NOT NULL,
	PRIMARY KEY(`instance_profile_id`, `role_id`)
);
--> statement-breakpoint
CREATE INDEX `instance_profile_roles_role` ON `instance_profile_roles` (`role_id`);--> statement-breakpoint
CREATE TABLE `instance_profile_tags` (
	`instance_profile_id` text NOT NULL,
	`key_lc` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`instance_profile_id`, `key_lc`)
);
--> statement-breakpoint
CREATE TABLE `instance_profiles` (
	`instance_profile_id` text PRIMARY KEY NOT NULL,
	`instance_profile_name` text NOT NULL,
	`name_lc` text NOT NULL,
	`path` text NOT NULL,
	`arn` text NOT NULL,
	`create_date` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `instance_profiles_name_lc` ON `instance_profiles` (`name_lc`);--> statement-breakpoint
CREATE TABLE `managed_policies` (
	`policy_id` text PRIMARY KEY NOT NULL,
	`policy_name` text NOT NULL,
	`name_lc` text NOT NULL,
	`path` text NOT NULL,
	`arn` text NOT NULL,
	`description` text,
	`default_version_id` text NOT NULL,
	`create_date` text NOT NULL,
	`update_date` text NOT NULL,
	`next_version` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `managed_policies_name_lc` ON `managed_policies` (`name_lc`);--> statement-breakpoint
CREATE UNIQUE INDEX `managed_policies_arn` ON `managed_policies` (`arn`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mfa_devices` (
	`serial_number` text PRIMARY KEY NOT NULL,
	`device_name` text NOT NULL,
	`path` text NOT NULL,
	`seed_sealed` text NOT NULL,
	`create_date` text NOT NULL,
	`user_id` text,
	`enable_date` text,
	`last_used_step` integer
);
--> statement-breakpoint
CREATE INDEX `mfa_devices_user` ON `mfa_devices` (`user_id`);--> statement-breakpoint
CREATE TABLE `oidc_providers` (
	`arn` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`client_ids` text NOT NULL,
	`thumbprints` text NOT NULL,
	`create_date` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ops` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `policy_attachments` (
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`policy_arn` text NOT NULL,
	`ordinal` integer NOT NULL,
	PRIMARY KEY(`entity_type`, `entity_id`, `policy_arn`)
);
--> statement-breakpoint
CREATE INDEX `policy_attachments_arn` ON `policy_attachments` (`policy_arn`);--> statement-breakpoint
CREATE TABLE `policy_tags` (
	`policy_arn` text NOT NULL,
	`key_lc` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`policy_arn`, `key_lc`)
);
--> statement-breakpoint
CREATE TABLE `policy_versions` (
	`policy_arn` text NOT NULL,
	`version_id` text NOT NULL,
	`document` text NOT NULL,
	`create_date` text NOT NULL,
	`ordinal` integer NOT NULL,
	PRIMARY KEY(`policy_arn`, `version_id`)
);
--> statement-breakpoint
CREATE TABLE `resource_tags` (
	`kind` text NOT NULL,
	`resource_id` text NOT NULL,
	`key_lc` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`kind`, `resource_id`, `key_lc`)
);
--> statement-breakpoint
CREATE TABLE `role_tags` (
	`role_id` text NOT NULL,
	`key_lc` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`role_id`, `key_lc`)
);
--> statement-breakpoint
CREATE TABLE `roles` (
	`role_id` text PRIMARY KEY NOT NULL,
	`role_name` text NOT NULL,
	`name_lc` text NOT NULL,
	`path` text NOT NULL,
	`arn` text NOT NULL,
	`trust_policy` text NOT NULL,
	`description` text,
	`max_session_duration` integer NOT NULL,
	`create_date` text NOT NULL,
	`permissions_boundary_arn` text,
	`last_used_date` text,
	`last_used_region` text,
	`trust_bindings` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `roles_name_lc` ON `roles` (`name_lc`);--> statement-breakpoint
CREATE TABLE `saml_providers` (
	`arn` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`metadata_document` text NOT NULL,
	`create_date` text NOT NULL,
	`valid_until` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user_tags` (
	`user_id` text NOT NULL,
	`key_lc` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`user_id`, `key_lc`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`user_id` text PRIMARY KEY NOT NULL,
	`user_name` text NOT NULL,
	`name_lc` text NOT NULL,
	`path` text NOT NULL,
	`arn` text NOT NULL,
	`create_date` text NOT NULL,
	`permissions_boundary_arn` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_name_lc` ON `users` (`name_lc`);--> statement-breakpoint
CREATE TABLE `workload_tokens` (
	`token_id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`instance_profile_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workload_tokens_hash` ON `workload_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `workload_tokens_profile` ON `workload_tokens` (`instance_profile_id`);