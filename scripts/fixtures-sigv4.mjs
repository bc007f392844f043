#!/usr/bin/env node
/**
 * Regenerates test/fixtures/sigv4/vectors.json from AWS's SigV4 test suite (awslabs/aws-c-auth,
 * tests/aws-signing-test-suite/v4, Apache-2.0). The suite is not in the repository (its JSON copy is): pass
 * the directory of a checkout of aws-c-auth.
 *
 * Usage: node scripts/fixtures-sigv4.mjs <aws-c-auth>/tests/aws-signing-test-suite/v4
 * Every file is copied byte for byte as a UTF-8 string; one JSON array, one object per case, sorted by name.
 */
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (!process.argv[2]) {
  console.error('usage: node scripts/fixtures-sigv4.mjs <aws-c-auth>/tests/aws-signing-test-suite/v4');
  process.exit(2);
}
const suite = resolve(process.argv[2]);
const out = join(root, 'test', 'fixtures', 'sigv4', 'vectors.json');

const read = (dir, file) => readFileSync(join(dir, file), 'utf8');
const form = (dir, prefix) => ({
  canonicalRequest: read(dir, `${prefix}-canonical-request.txt`),
  stringToSign: read(dir, `${prefix}-string-to-sign.txt`),
  signature: read(dir, `${prefix}-signature.txt`).trim(),
  signedRequest: read(dir, `${prefix}-signed-request.txt`),
});

const cases = readdirSync(suite)
  .filter((name) => statSync(join(suite, name)).isDirectory())
  .sort()
  .map((name) => {
    const dir = join(suite, name);
    return {
      name,
      context: JSON.parse(read(dir, 'context.json')),
      request: read(dir, 'request.txt'),
      header: form(dir, 'header'),
      query: form(dir, 'query'),
    };
  });

writeFileSync(out, JSON.stringify(cases, null, 2) + '\n');
console.log(`wrote ${cases.length} cases to ${out.slice(root.length + 1)}`);
