/**
 * Runner for `validator-corpus.json`: policy documents with the answer IAM gives when it stores them
 * (null = accepted, else the exact MalformedPolicyDocument message), per policy kind, each with the AWS
 * page or public report it comes from. IAM reports one message: the first problem in its order of
 * checks (`CHECKS` in src/core/policy/validate.ts).
 */
import { describe, expect, it } from 'vitest';
import { CHECKS, checkPolicy, type PolicyKind } from '../../../src/core/policy';
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

const cases = corpus.cases as readonly CorpusCase[];

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
});
