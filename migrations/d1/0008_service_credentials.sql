CREATE TABLE `service_credentials` (
	`access_key_id` text PRIMARY KEY NOT NULL,
	`secret_sealed` text NOT NULL,
	`services` text NOT NULL,
	`description` text NOT NULL,
	`created_at` text NOT NULL
);
