/**
 * The committed model tables are exactly what scripts/gen-model.mjs makes of the repository's models/
 * (botocore's service models, committed: a stale table or a model updated alone fails it), and every `pattern`
 * in the models compiles and behaves as Java's full-match `Pattern.matches` would.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IAM_MODEL, STS_MODEL, compilePattern, matchesPattern, translateJavaPattern } from '../../../src/protocol/query';
import type { ServiceModel } from '../../../src/protocol/query';
import { MODEL_OUT_DIR, loadGenerator } from './support/gen-model';

const gen = await loadGenerator();

describe('generated model tables', () => {
  it('are fresh: regenerating from models/ gives the committed files byte for byte', () => {
    const files = gen.generateAll();
    expect(Object.keys(files).sort()).toEqual(['iam.gen.ts', 'sts.gen.ts']);
    for (const [name, content] of Object.entries(files)) {
      expect(readFileSync(path.join(MODEL_OUT_DIR, name), 'utf8'), `${name} is stale: run npm run gen:model`).toBe(content);
    }
  });

  it('carry metadata, every operation and the error table', () => {
    expect(IAM_MODEL.metadata).toEqual({ apiVersion: '2010-05-08', xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/', serviceId: 'IAM' });
    expect(STS_MODEL.metadata.xmlNamespace).toBe('https://sts.amazonaws.com/doc/2011-06-15/');
    expect(Object.keys(IAM_MODEL.operations)).toHaveLength(176);
    expect(Object.keys(STS_MODEL.operations)).toHaveLength(11);
    expect(IAM_MODEL.operations['CreateUser']).toEqual({
      input: 'CreateUserRequest',
      output: 'CreateUserResponse',
      resultWrapper: 'CreateUserResult',
      errors: ['LimitExceeded', 'EntityAlreadyExists', 'NoSuchEntity', 'InvalidInput', 'ConcurrentModification', 'ServiceFailure'],
    });
    expect(IAM_MODEL.operations['DeleteUser']?.output).toBeUndefined();
    expect(IAM_MODEL.errors['NoSuchEntity']).toEqual({ status: 404, sender: true });
    expect(IAM_MODEL.errors['ServiceFailure']).toEqual({ status: 500, sender: false });
    expect(STS_MODEL.errors['ExpiredTokenException']).toEqual({ status: 400, sender: true });
    expect(IAM_MODEL.shapes['userNameType']).toEqual({ type: 'string', min: 1, max: 64, pattern: '[\\w+=,.@-]+' });
    expect(IAM_MODEL.shapes['CreateUserRequest']).toEqual({
      type: 'structure',
      members: { Path: 'pathType', UserName: 'userNameType', PermissionsBoundary: 'arnType', Tags: 'tagListType' },
      required: ['UserName'],
    });
  });

  it('hold no documentation and reference only defined shapes', () => {
    for (const model of [IAM_MODEL, STS_MODEL]) {
      expect(JSON.stringify(model)).not.toContain('documentation');
      const refs = (s: ServiceModel['shapes'][string]) => [
        ...Object.values(s.members ?? {}),
        ...[s.member, s.key, s.value].filter((r) => r !== undefined),
      ];
      for (const shape of Object.values(model.shapes))
        for (const r of refs(shape)) expect(model.shapes[typeof r === 'string' ? r : r.shape]).toBeDefined();
      for (const op of Object.values(model.operations)) {
        if (op.input) expect(model.shapes[op.input]?.type).toBe('structure');
        if (op.output) expect(model.shapes[op.output]?.type).toBe('structure');
        for (const code of op.errors ?? []) expect(model.errors[code]).toBeDefined();
      }
    }
  });
});

/**
 * Every distinct pattern of the shapes the codec uses, with a value Java's `Pattern.matches` accepts and
 * one it rejects (worked out by hand from java.util.regex semantics). A model update that brings a new
 * pattern fails the first test below until an example is added here.
 */
const PATTERN_EXAMPLES: Record<string, [accept: string, reject: string]> = {
  '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/': ['/a/b.c/', 'a/'],
  '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)': ['/', '/a b/'],
  '[ -~]+': ['Hello, World~', 'tab\there'],
  '[:\\w]+': ['s3:GetObject', 's3:Get*'],
  '[A-Z0-9]+': ['AKIA1234', 'akia'],
  '[\\d]*': ['', '12a'],
  '[\\d]+': ['123456', ''],
  '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*': ['Équipe 7 = ok@x', 'a#b'],
  '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+': ['東京-1', ''],
  '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+': ['{"a":"ü"}\n', '\u0007'],
  '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*': ['ÿ text', '\u00A0'],
  '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]+': ['<xml/>\r\n', ''],
  '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+': ['{"Version":"2012-10-17"}', 'Ā'],
  '[\\u0020-\\u00FF]+': ['any latin-1 ÿ', 'line\n'],
  '[\\w+=,.@-]*': ['', 'a b'],
  '[\\w+=,.@-]+': ['bob+dev@x.com', 'bob/dev'],
  '[\\w+=,.@:-]*': ['a:b', 'a/b'],
  '[\\w+=,.@:\\/-]*': ['a:b/c', 'a b'],
  '[\\w+=,.@\\:-]*': ['a:b=c', 'a/b'],
  '[\\w+=/:,.@-]*': ['arn:aws:iam::1:role/x', 'a b'],
  '[\\w+=/:,.@-]+': ['arn:aws:iam::1:role/x', ''],
  '[\\w-]*': ['a-b_c', 'a.b'],
  '[\\w-]+': ['ASIA-1', ''],
  '[\\w._-]+': ['my.file-name_1', 'a:b'],
  '[\\w]*': ['', 'a-b'],
  '[\\w]+': ['abc_123', 'é'],
  '\\d{12}': ['123456789012', '12345678901'],
  '\\u002F[\\u0021-\\u007F]*': ['/', 'a/'],
  '^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$': ['my-alias', 'my--alias'],
  '^[a-zA-Z0-9:/+=,.@_-]+$': ['arn:aws:iam::1:role/x', 'a b'],
  '^[a-zA-Z0-9:_.-]+$': ['urn:x.y-z', 'a/b'],
  '^http(s?)://[a-zA-Z0-9._/-]*(\\?[a-zA-Z0-9._=&-]*)?(#[a-zA-Z0-9._/-]*)?$': ['https://ex.com/p?a=b#f', 'ftp://ex.com'],
  '^o-[0-9a-z]{10,32}\\/r-[0-9a-z]{4,32}[0-9a-z-\\/]*': ['o-abcdefghij/r-ab12/ou-ab12-cdef/', 'o-abc/r-ab12'],
  '^o-[a-z0-9]{10,32}$': ['o-abcdefghij', 'o-ABCDEFGHIJ'],
  '^p-[0-9a-zA-Z_]{8,128}$': ['p-FullAWSAccess', 'p-short'],
  'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?': ['v12.beta-1', 'v0'],
};

const distinctPatterns = (): string[] =>
  [...new Set([IAM_MODEL, STS_MODEL].flatMap((m) => Object.values(m.shapes).flatMap((s) => (s.pattern ? [s.pattern] : []))))].sort();

describe('model patterns (Java semantics)', () => {
  it('every distinct pattern of the reachable shapes compiles and has a worked example', () => {
    const patterns = distinctPatterns();
    expect(patterns).toEqual(Object.keys(PATTERN_EXAMPLES).sort());
    for (const p of patterns) expect(compilePattern(p), p).toBeInstanceOf(RegExp);
  });

  it('accepts and rejects the worked examples as Java would', () => {
    for (const [p, [accept, reject]] of Object.entries(PATTERN_EXAMPLES)) {
      expect(matchesPattern(p, accept), `${p} should accept ${JSON.stringify(accept)}`).toBe(true);
      expect(matchesPattern(p, reject), `${p} should reject ${JSON.stringify(reject)}`).toBe(false);
    }
  });

  it('match the whole value, not a substring', () => {
    expect(matchesPattern('[\\w+=,.@-]+', 'bob')).toBe(true);
    expect(matchesPattern('[\\w+=,.@-]+', 'bob!')).toBe(false);
    expect(matchesPattern('[\\w+=,.@-]+', '')).toBe(false);
    expect(matchesPattern('[\\w+=,.@-]*', '')).toBe(true);
    expect(matchesPattern('\\d{12}', '123456789012')).toBe(true);
    expect(matchesPattern('\\d{12}', '1234567890123')).toBe(false);
    // alternation is anchored as a whole
    expect(matchesPattern('(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', '/a/')).toBe(true);
    expect(matchesPattern('(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', '/a')).toBe(false);
    expect(matchesPattern('(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', '/a/\n')).toBe(false);
  });

  it('\\w and \\d are ASCII-only, as in Java without UNICODE_CHARACTER_CLASS', () => {
    expect(matchesPattern('[\\w+=,.@-]+', 'é')).toBe(false);
    expect(matchesPattern('[\\w+=,.@-]+', '\u212A')).toBe(false); // Kelvin sign
    expect(matchesPattern('[\\d]+', '٣')).toBe(false); // Arabic-Indic digit
  });

  it('\\p{L}\\p{Z}\\p{N} classes are Unicode (tag keys and values)', () => {
    const tag = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';
    expect(matchesPattern(tag, 'Département 2 — ok')).toBe(false); // em dash is punctuation
    expect(matchesPattern(tag, 'Département 2 : ok')).toBe(true);
    expect(matchesPattern(tag, '東京\u3000１２')).toBe(true);
    expect(matchesPattern(tag, 'a,b')).toBe(false);
  });

  it('IAM policy documents stop at U+00FF', () => {
    const policy = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';
    expect(matchesPattern(policy, '{"Version":"2012-10-17"}\r\n\tÿ')).toBe(true);
    expect(matchesPattern(policy, 'Ā')).toBe(false);
    expect(matchesPattern(policy, '\u0001')).toBe(false);
  });

  it("reads STS's \\u10000-\\u10FFFF as Java does: \\u1000, 0-\\u10FF, F, F (no supplementary characters)", () => {
    const arn = STS_MODEL.shapes['arnType']!.pattern!;
    expect(matchesPattern(arn, 'arn:aws:iam::123456789012:role/x')).toBe(true);
    expect(matchesPattern(arn, 'ü\u0085\uFFFD')).toBe(true);
    expect(matchesPattern(arn, '😀')).toBe(false);
    expect(matchesPattern(arn, '\u0001')).toBe(false);
  });

  it('drops Java-only escapes of plain characters (\\:) and keeps syntax escapes', () => {
    expect(translateJavaPattern('[\\w+=,.@\\:-]*')).toBe('[\\w+=,.@:-]*');
    expect(matchesPattern('[\\w+=,.@\\:-]*', 'a:b')).toBe(true);
    expect(translateJavaPattern('a\\.b\\/c')).toBe('a\\.b\\/c');
    expect(matchesPattern('^o-[0-9a-z]{10,32}\\/r-[0-9a-z]{4,32}[0-9a-z-\\/]*', 'o-abcdefghij/r-abcd/ou-x')).toBe(true);
  });

  it("translates Java's . and \\s", () => {
    expect(matchesPattern('a.b', 'a\u0085b')).toBe(false);
    expect(matchesPattern('a.b', 'a-b')).toBe(true);
    expect(matchesPattern('a\\sb', 'a\u00A0b')).toBe(false);
    expect(matchesPattern('a\\sb', 'a\tb')).toBe(true);
  });

  it('compiles each pattern once', () => {
    const p = '[\\w+=,.@-]+';
    expect(compilePattern(p)).toBe(compilePattern(p));
  });
});
