/**
 * Runner for `validator-corpus.json`: policy documents with the answer IAM gives when it stores them
 * (null = accepted, else the exact MalformedPolicyDocument message), per policy kind, each with the AWS
 * page or public report it comes from. IAM reports one message: the first problem in its order of
 * checks (`CHECKS` in src/core/policy/validate.ts). The `sizes` rows are the size quotas, checked after
 * the grammar as each API path checks them (LimitExceeded).
 */
import { describe, expect, it } from 'vitest';
import {
  CHECKS,
  checkInlinePolicySize,
  checkManagedPolicySize,
  checkPolicy,
  checkTrustPolicySize,
  policySize,
  type PolicyKind,
  type ValidationError,
} from '../../../src/core/policy';
import { sizedDocument, type SizedKind } from './sized-documents';
import corpus from './validator-corpus.json';

type CorpusKind = 'managed' | 'inline' | 'trust' | 'boundary' | 'session' | 'resource';

interface CorpusCase {
  readonly name: string;
  readonly kind: CorpusKind;
  readonly document: unknown;
  readonly expected: string | null;
  readonly source: string;
  readonly partition?: string;
  readonly note?: string;
}

/** The engine's kind for each kind of the corpus (an inline policy is the engine's `identity`). */
const KIND: Record<CorpusKind, PolicyKind> = {
  managed: 'managed',
  inline: 'identity',
  trust: 'trust',
  boundary: 'boundary',
  session: 'session',
  resource: 'resource',
};

interface SizeCase {
  readonly name: string;
  readonly kind: SizedKind;
  readonly entity?: 'user' | 'group' | 'role';
  readonly entityName?: string;
  readonly chars: number;
  readonly pretty?: boolean;
  readonly expected: string | null;
  readonly source: string;
  readonly note?: string;
}

const cases = corpus.cases as readonly CorpusCase[];
const sizes = corpus.sizes as readonly SizeCase[];

/** The grammar, then the quota of the path: what CreatePolicy, Put*Policy and CreateRole answer. */
function checkSized(c: SizeCase, text: string): ValidationError | undefined {
  const checked = checkPolicy(text, c.kind === 'inline' ? 'identity' : c.kind);
  if (!checked.ok) return checked.error[0];
  if (c.kind === 'managed') return checkManagedPolicySize(checked.value.size);
  if (c.kind === 'trust') return checkTrustPolicySize(checked.value.size);
  return checkInlinePolicySize(c.entity!, c.entityName!, policySize(text));
}

describe('policy validator corpus', () => {
  it('holds at least 150 documents, each with a source and a known kind', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    for (const c of cases) {
      expect(c.source, c.name).toMatch(/^(https:\/\/|edge-iam issue 7|reconstructed$)/);
      expect(Object.keys(KIND), c.name).toContain(c.kind);
      if (c.source === 'reconstructed') expect(c.note, `${c.name}: a reconstructed case says why`).toMatch(/\S/);
    }
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it('has size rows for every quota, each with a source', () => {
    const kinds = new Set(sizes.map((c) => (c.kind === 'inline' ? `inline ${c.entity}` : c.kind)));
    expect([...kinds].sort()).toEqual(['inline group', 'inline role', 'inline user', 'managed', 'trust']);
    for (const c of sizes) expect(c.source, c.name).toMatch(/^https:\/\//);
    expect(new Set(sizes.map((c) => c.name)).size).toBe(sizes.length);
  });

  it("names IAM's order of checks", () => {
    expect(CHECKS.map((c) => c.name)).toEqual([
      'version',
      'principal placement',
      'legacy parser',
      'Sid characters',
      'Sid uniqueness',
      'actions present',
      'resources present',
      'resource format',
      'action vendors',
      'principal values',
    ]);
  });

  for (const c of cases) {
    it(`${c.kind}: ${c.name}`, () => {
      const text = typeof c.document === 'string' ? c.document : JSON.stringify(c.document);
      const r = checkPolicy(text, KIND[c.kind], c.partition ?? 'aws');
      if (c.expected === null) {
        expect(r.ok ? null : r.error.map((e) => e.message)).toBeNull();
      } else {
        expect(r.ok ? null : r.error.map((e) => [e.message, e.code])).toEqual([[c.expected, 'MalformedPolicyDocument']]);
      }
    });
  }

  for (const c of sizes) {
    it(`size, ${c.kind}${c.entity ? ` ${c.entity}` : ''}: ${c.name}`, () => {
      const text = sizedDocument(c.kind, c.chars, c.pretty);
      expect(policySize(text)).toBe(c.chars);
      const found = checkSized(c, text);
      expect(found ? [found.message, found.code] : null).toEqual(c.expected === null ? null : [c.expected, 'LimitExceeded']);
    });
  }
});
