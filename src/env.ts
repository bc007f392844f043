export interface Env { DB: D1Database; TEST_MIGRATIONS?: unknown }
