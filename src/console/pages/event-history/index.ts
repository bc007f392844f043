/**
 * @module The Event history section (issue 11 §1): the account's CloudTrail events, listed and filtered
 * (list.tsx, with filters.ts for the URL's state), and one event's record (event.tsx).
 */
import type { Hono } from 'hono';
import type { ConsoleEnv } from '../../guard';
import { eventPage } from './event';
import { eventHistory } from './list';

export function registerEventHistory(app: Hono<ConsoleEnv>) {
  app.get('/event-history', eventHistory);
  app.get('/event-history/event', eventPage);
}
