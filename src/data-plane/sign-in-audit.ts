/**
 * @module The console's sign-in events (services/audit/sign-in-events.ts), queued after the answer: the
 * console's one way to the audit trail (it never imports services itself; test/unit/arch.test.ts).
 */
import { consoleLoginEventOf, switchRoleEventOf, type ConsoleLogin, type SwitchRole } from '../services/audit/sign-in-events';
import { partitionOf } from '../env';
import { newEventId, recordLater } from './audit';
import type { Edge } from './edge';

export type { ConsoleLogin, SwitchRole };

/** Records a `ConsoleLogin` attempt in the account signed in to. */
export function recordConsoleLogin(edge: Edge, login: ConsoleLogin): void {
  recordLater(edge, [consoleLoginEventOf(login, partitionOf(edge.env), newEventId)]);
}

/** Records a console `SwitchRole` in the role's account. */
export function recordSwitchRole(edge: Edge, s: SwitchRole): void {
  recordLater(edge, [switchRoleEventOf(s, newEventId)]);
}
