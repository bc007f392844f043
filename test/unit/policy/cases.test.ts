/// <reference types="vite/client" />
/**
 * The one runner for the table-driven policy cases in `./cases/*.json` (format: `./cases/README.md`).
 */
import { describe, expect, it } from 'vitest';
import { accessDeniedMessage, authorize, checkPolicy, type Decision } from '../../../src/core/policy';
import { compileJson, DEFAULT_REQUEST, mergeRequest, type RequestPatch } from './support';

interface PolicyCase {
  readonly name: string;
  readonly request?: RequestPatch;
  readonly identityPolicies?: readonly unknown[];
  readonly boundaryPolicies?: readonly unknown[];
  readonly sessionPolicies?: readonly unknown[];
  readonly resourcePolicy?: unknown;
  readonly resourcePolicyKind?: 'resource' | 'trust';
  /**
   * The message IAM refuses the (first) identity policy with when it is stored: the case then pins only
   * how evaluation treats such a document should one reach the engine.
   */
  readonly refusedAtWrite?: string;
  readonly expected: { readonly decision: Decision; readonly matchedSids?: readonly string[]; readonly message?: string };
}

interface CaseFile {
  readonly source: string;
  readonly defaults?: Omit<Partial<PolicyCase>, 'name' | 'expected'>;
  readonly cases: readonly PolicyCase[];
}

const files = import.meta.glob<CaseFile>('./cases/*.json', { eager: true, import: 'default' });

function run(file: CaseFile, c: PolicyCase) {
  const d = file.defaults ?? {};
  const request = mergeRequest(DEFAULT_REQUEST, d.request, c.request);
  const pick = <K extends 'identityPolicies' | 'boundaryPolicies' | 'sessionPolicies'>(k: K) => c[k] ?? d[k];
  const resourcePolicy = c.resourcePolicy ?? d.resourcePolicy;
  const kind = c.resourcePolicyKind ?? d.resourcePolicyKind ?? 'resource';
  return {
    request,
    result: authorize({
      request,
      identityPolicies: (pick('identityPolicies') ?? []).map((p, i) => compileJson(p, 'identity', 'identity', `identity-${i}`, !c.refusedAtWrite)),
      boundaryPolicies: pick('boundaryPolicies')?.map((p, i) => compileJson(p, 'boundary', 'boundary', `boundary-${i}`)),
      sessionPolicies: pick('sessionPolicies')?.map((p, i) => compileJson(p, 'session', 'session', `session-${i}`)),
      ...(resourcePolicy === undefined
        ? {}
        : { resourcePolicy: compileJson(resourcePolicy, kind, 'resource', 'resource-policy'), resourcePolicyKind: kind }),
    }),
  };
}

describe('policy cases', () => {
  it('has at least 300 cases, each file naming its source', () => {
    const all = Object.values(files);
    for (const f of all) expect(f.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(all.reduce((n, f) => n + f.cases.length, 0)).toBeGreaterThanOrEqual(300);
  });

  for (const [path, file] of Object.entries(files)) {
    describe(path.replace('./cases/', ''), () => {
      for (const c of file.cases) {
        it(c.name, () => {
          if (c.refusedAtWrite) {
            const checked = checkPolicy(JSON.stringify((c.identityPolicies ?? [])[0]), 'identity');
            expect(checked.ok ? undefined : checked.error[0]?.message).toBe(c.refusedAtWrite);
          }
          const { request, result } = run(file, c);
          expect(result.decision).toBe(c.expected.decision);
          if (c.expected.matchedSids) {
            expect(result.matched.map((m) => m.sid ?? `#${m.index}`).sort()).toEqual([...c.expected.matchedSids].sort());
          }
          if (c.expected.message) expect(accessDeniedMessage(request, result)).toBe(c.expected.message);
        });
      }
    });
  }
});
