CREATE TABLE `role_deletion_tasks` (
	`task_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`submitted_at` text NOT NULL
);
