/**
 * @module The groups actions, registered by services/iam/index.ts.
 */
import type { AccountAction } from '../../action';

/** Every action of this folder. */
export const GROUPS_ACTIONS: readonly AccountAction<never, unknown, never>[] = [];
