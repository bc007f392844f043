/**
 * @module A last accessed report's content, computed when GenerateServiceLastAccessedDetails runs (so the
 * job is complete at once) and stored with the job: the services the subject's policies allow, each with
 * the latest attempt of the subject's entities, and per service the entities that attempted it.
 *
 * Spec: IAM API Reference, GetServiceLastAccessedDetails (ServiceLastAccessed: LastAuthenticated,
 * LastAuthenticatedEntity, LastAuthenticatedRegion, TotalAuthenticatedEntities, TrackedActionsLastAccessed;
 * "By default, the list is sorted by service namespace") and GetServiceLastAccessedDetailsWithEntities
 * ("sorted by date, with the most recent access listed first"). A user or role report counts every
 * attempt of that entity at a listed service; a group or policy report only attempts at actions that the
 * group's or policy's statements allow (AWS: "the report returns only the service last accessed information
 * for members that used the group's policies"). Activity older than the tracking period (400 days) is left out.
 */
import type { AccountStore } from '../../../core/ports';
import type { AccessRecord } from '../../../core/ports/last-access';
import type { Catalog } from '../../../core/catalog/types';
import { allowedActions, knownServices } from './services';
import type { ReportEntity, Subject } from './subject';

/** AWS reports activity "for at least the last 400 days". */
export const TRACKING_PERIOD_MS = 400 * 86_400_000;

export type Granularity = 'SERVICE_LEVEL' | 'ACTION_LEVEL';

/** One action's latest attempt (TrackedActionLastAccessed). */
export interface TrackedAction {
  ActionName: string;
  LastAccessedEntity?: string;
  LastAccessedTime?: string;
  LastAccessedRegion?: string;
}

/** One service of the report (ServiceLastAccessed). */
export interface ServiceEntry {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated?: string;
  LastAuthenticatedEntity?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities: number;
  TrackedActionsLastAccessed?: TrackedAction[];
}

/** What a job stores: the services, the entities, and per service `[entity index, last attempt ms]`, latest first. */
export interface ReportResult {
  services: ServiceEntry[];
  entities: ReportEntity[];
  used: Record<string, [number, number][]>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The latest of some attempts, or undefined. */
const latest = (rows: readonly AccessRecord[]) => rows.reduce<AccessRecord | undefined>((best, r) => (!best || r.atMs > best.atMs ? r : best), undefined);

/** Every tracked attempt of the subject's entities within the tracking period. */
function attemptsOf(store: AccountStore, entities: readonly ReportEntity[], sinceMs: number): AccessRecord[] {
  const ids = (type: ReportEntity['type']) => entities.filter((e) => e.type === type).map((e) => e.id);
  return [...store.listAccess('user', ids('user'), sinceMs), ...store.listAccess('role', ids('role'), sinceMs)];
}

/** Computes the report of `subject` at `now`. */
export function buildReport(store: AccountStore, subject: Subject, granularity: Granularity, catalog: Catalog | undefined, now: Date): ReportResult {
  const services = knownServices(catalog);
  const allowed = allowedActions(subject.docs, services);
  const index = new Map(subject.entities.map((e, i) => [`${e.type}/${e.id}`, i]));
  const all = attemptsOf(store, subject.entities, now.getTime() - TRACKING_PERIOD_MS);
  const counted = subject.kind === 'user' || subject.kind === 'role';
  const out: ReportResult = { services: [], entities: [...subject.entities], used: {} };
  for (const s of [...services].sort((a, b) => (a.namespace < b.namespace ? -1 : 1))) {
    const actions = allowed.get(s.namespace);
    if (!actions) continue;
    const allowedLower = new Set(actions.map((a) => a.toLowerCase()));
    const rows = all.filter((r) => r.service === s.namespace && (counted || allowedLower.has(r.action.toLowerCase())));
    const entityOf = (r: AccessRecord) => subject.entities[index.get(`${r.entityType}/${r.entityId}`)!]!;
    const perEntity = new Map<number, number>();
    for (const r of rows) {
      const i = index.get(`${r.entityType}/${r.entityId}`)!;
      perEntity.set(i, Math.max(perEntity.get(i) ?? 0, r.atMs));
    }
    out.used[s.namespace] = [...perEntity].sort((a, b) => b[1] - a[1]);
    const last = latest(rows);
    const entry: ServiceEntry = { ServiceName: s.name, ServiceNamespace: s.namespace, TotalAuthenticatedEntities: perEntity.size };
    if (last) Object.assign(entry, { LastAuthenticated: iso(last.atMs), LastAuthenticatedEntity: entityOf(last).arn, LastAuthenticatedRegion: last.region });
    if (granularity === 'ACTION_LEVEL') {
      entry.TrackedActionsLastAccessed = actions.map((name) => {
        const hit = latest(rows.filter((r) => r.action.toLowerCase() === name.toLowerCase()));
        return hit ? { ActionName: name, LastAccessedEntity: entityOf(hit).arn, LastAccessedTime: iso(hit.atMs), LastAccessedRegion: hit.region } : { ActionName: name };
      });
    }
    out.services.push(entry);
  }
  return out;
}
