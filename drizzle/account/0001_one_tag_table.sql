-- One tag table for every taggable kind (issue 8): `tags` replaces user_tags, role_tags, policy_tags,
-- instance_profile_tags and resource_tags. Every row is copied with its kind and position, so each entity
-- keeps its tags in the order they were set; then the five tables go. Written by hand (drizzle-kit
-- generate --custom): drizzle-kit cannot infer a copy of rows from five tables into one.
CREATE TABLE `tags` (
	`kind` text NOT NULL,
	`resource_id` text NOT NULL,
	`key_lc` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`kind`, `resource_id`, `key_lc`)
);
--> statement-breakpoint
INSERT INTO `tags` (`kind`, `resource_id`, `key_lc`, `key`, `value`, `position`)
  SELECT 'user', `user_id`, `key_lc`, `key`, `value`, `position` FROM `user_tags`;
--> statement-breakpoint
INSERT INTO `tags` (`kind`, `resource_id`, `key_lc`, `key`, `value`, `position`)
  SELECT 'role', `role_id`, `key_lc`, `key`, `value`, `position` FROM `role_tags`;
--> statement-breakpoint
INSERT INTO `tags` (`kind`, `resource_id`, `key_lc`, `key`, `value`, `position`)
  SELECT 'policy', `policy_arn`, `key_lc`, `key`, `value`, `position` FROM `policy_tags`;
--> statement-breakpoint
INSERT INTO `tags` (`kind`, `resource_id`, `key_lc`, `key`, `value`, `position`)
  SELECT 'instance-profile', `instance_profile_id`, `key_lc`, `key`, `value`, `position` FROM `instance_profile_tags`;
--> statement-breakpoint
INSERT INTO `tags` (`kind`, `resource_id`, `key_lc`, `key`, `value`, `position`)
  SELECT `kind`, `resource_id`, `key_lc`, `key`, `value`, `position` FROM `resource_tags`;
--> statement-breakpoint
DROP TABLE `user_tags`;
--> statement-breakpoint
DROP TABLE `role_tags`;
--> statement-breakpoint
DROP TABLE `policy_tags`;
--> statement-breakpoint
DROP TABLE `instance_profile_tags`;
--> statement-breakpoint
DROP TABLE `resource_tags`;
