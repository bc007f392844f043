/**
 * `npm run bench -- credential-report`: how long a credential report takes for an account of 5,000 users
 * (issue 11, "report generation time for 5,000 users").
 *
 * Setup (untimed), through the real Query API signed with the root user's keys, BENCH_SETUP_C calls in
 * flight: two accounts, one of 5,000 users and one of 500 with the same mix of credentials, as a company's
 * account holds them: an account password policy with a 90-day maximum age; access keys for 4 users in 5
 * (a second key for 1 in 7, the first key deactivated for 1 in 10, and 1 in 4 used for a signed STS
 * GetCallerIdentity so the last-used columns are filled); a console password for 1 in
 * 100 (each is an Argon2id hash of ~0.35 s of CPU, so a password for everyone would make the setup take
 * half an hour; a row costs the report the same whatever it holds); a virtual MFA device enabled with two
 * TOTP codes for 1 in 50; a signing certificate (openssl, self-signed) for 1 in 250.
 *
 * Measured: GenerateCredentialReport, then GetCredentialReport until it answers the report (AWS's polling
 * loop: ReportInProgress is retried), wall time from the first call to the report in hand, once per account
 * (a report is kept four hours, so a second generation of the same account is not possible: each figure
 * is one run, first the 500-user account, then the 5,000, after a discarded warm-up on a 50-user account). The report is checked: 5,001 rows (root first),
 * AWS's 22 columns, and the counts of passwords, MFA devices, active, inactive and used keys and active
 * certificates equal to what the setup made.
 *
 * Baselines in the same run, on the same 5,000 users: ListUsers paging through all of them (MaxItems
 * 1,000, 5 calls), and GetCredentialReport of the report already made (reading it back), each repeated
 * BENCH_ROUNDS times alternating. Printed: time per 1,000 users at both sizes (linearity), generation over
 * ListUsers paging, and the CSV's size. Targets: generating the report of 5,000 users costs at most 3× listing
 * them (it reads every user's credentials; when it read them user by user it cost 12×), and the whole cycle
 * takes at most 2 s (a console page waits for it), judged as the ratio of 2 s to the time measured.
 */
import { createHmac, randomInt } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { accountWithRootKeys, BenchError, field, query } from '../../scripts/lib/bench-client.mjs';

const USERS = 5_000;
const SMALL = 500;
/** What a console page may wait for a report to be generated and read. */
const TARGET_MS = 2_000;
/** Generation over ListUsers paging through the same users, at most. */
const TARGET_VS_LIST = 3;
const num = (name, def) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : def;
};
const SETUP_C = num('BENCH_SETUP_C', 16);

/** Runs `fn` over `items`, `conc` at a time. */
async function pool(items, conc, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(conc, items.length) }, worker));
}

/** RFC 4648 base32 to bytes (the seed GetVirtualMFADevice answers as Base32StringSeed). */
function fromBase32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The TOTP code of time step `step` (RFC 6238, HMAC-SHA-1, 6 digits), as an authenticator app computes it. */
function totp(seed, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hs = createHmac('sha1', seed).update(counter).digest();
  const o = hs[hs.length - 1] & 0x0f;
  return String((hs.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** `count` self-signed certificates (PEM), made with openssl. */
function certificates(count) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-certs-'));
  try {
    return Array.from({ length: count }, (_, i) => {
      const file = path.join(dir, `c${i}.pem`);
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, `k${i}.pem`), '-out', file, '-days', '30', '-subj', `/CN=bench-${i}-${randomInt(1e9)}`], { stdio: 'ignore' });
      return readFileSync(file, 'utf8');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Users and their credentials, made with real IAM (and STS) calls; returns what the report must show. */
async function populate(ctx, n) {
  const root = await accountWithRootKeys(ctx);
  const aws = { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey };
  const iam = (params) => query(ctx, aws, 'iam', params);
  await iam({ Action: 'UpdateAccountPasswordPolicy', MinimumPasswordLength: '12', MaxPasswordAge: '90' });
  const names = Array.from({ length: n }, (_, i) => `user-${String(i).padStart(5, '0')}`);
  const expected = { rows: n + 1, passwords: 0, mfa: 0, key1Active: 0, key2Active: 0, keysInactive: 0, keysUsed: 0, certs: 0 };

  await pool(names, SETUP_C, (name, i) => iam({ Action: 'CreateUser', UserName: name, Path: i % 3 ? '/' : '/engineering/' }));

  const used = [];
  await pool(names, SETUP_C, async (name, i) => {
    if (i % 5 === 0) return;
    const keys = [];
    for (let k = 0; k < (i % 7 === 0 ? 2 : 1); k++) {
      const xml = await iam({ Action: 'CreateAccessKey', UserName: name });
      keys.push({ accessKeyId: field(xml, 'AccessKeyId'), secretAccessKey: field(xml, 'SecretAccessKey') });
    }
    if (i % 10 === 3) {
      await iam({ Action: 'UpdateAccessKey', UserName: name, AccessKeyId: keys[0].accessKeyId, Status: 'Inactive' });
      expected.keysInactive++;
    } else expected.key1Active++;
    if (keys[1]) expected.key2Active++;
    if (i % 4 === 1 && i % 10 !== 3) used.push(keys[0]);
  });
  // A key's use is recorded by the account's object when STS serves the call (storage/account/last-use.ts).
  await pool(used, SETUP_C, async (key) => {
    await query(ctx, key, 'sts', { Action: 'GetCallerIdentity' });
    expected.keysUsed++;
  });

  // Two at a time: each is a CPU-bound hash in the isolate, so more in flight only queue up (on a loaded
  // machine long enough for the connection to fail).
  await pool(names.filter((_, i) => i % 100 === 7), 2, async (name) => {
    await iam({ Action: 'CreateLoginProfile', UserName: name, Password: `Bench-${randomInt(1e9)}-Passw0rd!` });
    expected.passwords++;
  });

  await pool(names.filter((_, i) => i % 50 === 11), SETUP_C, async (name) => {
    const xml = await iam({ Action: 'CreateVirtualMFADevice', VirtualMFADeviceName: name });
    const seed = fromBase32(Buffer.from(field(xml, 'Base32StringSeed'), 'base64').toString('latin1'));
    const step = Math.floor(Date.now() / 30_000);
    await iam({ Action: 'EnableMFADevice', UserName: name, SerialNumber: field(xml, 'SerialNumber'), AuthenticationCode1: totp(seed, step - 1), AuthenticationCode2: totp(seed, step) });
    expected.mfa++;
  });

  const certUsers = names.filter((_, i) => i % 250 === 13);
  const pems = certificates(certUsers.length);
  await pool(certUsers, SETUP_C, async (name, i) => {
    await iam({ Action: 'UploadSigningCertificate', UserName: name, CertificateBody: pems[i] });
    expected.certs++;
  });
  return { root, aws, expected };
}

/** GenerateCredentialReport, then GetCredentialReport until the report is there: {ms, csv}. */
async function generateAndGet(ctx, aws) {
  const t0 = performance.now();
  const gen = await query(ctx, aws, 'iam', { Action: 'GenerateCredentialReport' });
  if (!/<State>(STARTED|INPROGRESS|COMPLETE)<\/State>/.test(gen)) throw new BenchError(`GenerateCredentialReport answered ${gen.slice(0, 300)}`);
  for (;;) {
    try {
      const xml = await query(ctx, aws, 'iam', { Action: 'GetCredentialReport' });
      const ms = performance.now() - t0;
      return { ms, csv: Buffer.from(field(xml, 'Content'), 'base64').toString('utf8') };
    } catch (e) {
      if (!(e instanceof BenchError) || !e.message.includes('ReportInProgress')) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The report's rows checked against what the setup made; throws BenchError on any difference. */
function check(csv, { root, expected }) {
  const lines = csv.split('\n');
  const header = lines[0].split(',');
  if (header.length !== 22 || header[0] !== 'user' || header[21] !== 'cert_2_last_rotated') throw new BenchError(`unexpected header: ${lines[0]}`);
  const rows = lines.slice(1).map((l) => l.split(','));
  if (rows.length !== expected.rows) throw new BenchError(`${rows.length} rows, expected ${expected.rows}`);
  if (rows[0][0] !== '<root_account>' || rows[0][1] !== `arn:aws:iam::${root.accountId}:root`) throw new BenchError(`first row is not the root user: ${lines[1]}`);
  const users = rows.slice(1);
  const count = (f) => users.filter(f).length;
  const got = {
    rows: rows.length,
    passwords: count((r) => r[3] === 'true'),
    mfa: count((r) => r[7] === 'true'),
    key1Active: count((r) => r[8] === 'true'),
    key2Active: count((r) => r[13] === 'true'),
    keysUsed: count((r) => r[10] !== 'N/A'),
    certs: count((r) => r[18] === 'true'),
  };
  // An inactive key shows as `false` like a missing one: its count is not compared.
  for (const [k, v] of Object.entries(expected)) {
    if (k === 'keysInactive') continue;
    if (got[k] !== v) throw new BenchError(`report shows ${got[k]} for ${k}, the setup made ${v}`);
  }
  if (users.some((r) => r.length !== 22)) throw new BenchError('a row without 22 columns');
}

/** ListUsers through every page (MaxItems 1,000): the number of users read. */
async function listAllUsers(ctx, aws) {
  let marker;
  let n = 0;
  do {
    const xml = await query(ctx, aws, 'iam', { Action: 'ListUsers', MaxItems: '1000', ...(marker ? { Marker: marker } : {}) });
    n += (xml.match(/<member>/g) ?? []).length;
    marker = xml.includes('<IsTruncated>true</IsTruncated>') ? field(xml, 'Marker') : undefined;
  } while (marker);
  return n;
}

export const CREDENTIAL_REPORT_SECTIONS = [
  {
    name: 'credential-report',
    // Setting up 5,500 users with their credentials takes most of the section's time.
    timeoutMs: 600_000,
    title: `credential report of ${USERS.toLocaleString('en')} users (GenerateCredentialReport → GetCredentialReport until COMPLETE) vs the same for ${SMALL} users and vs ListUsers paging through the same ${USERS.toLocaleString('en')}, same run`,
    async run(ctx) {
      const rounds = ctx.cfg.rounds;
      const t0 = performance.now();
      const warm = await populate(ctx, 50);
      const small = await populate(ctx, SMALL);
      const large = await populate(ctx, USERS);
      const setupS = (performance.now() - t0) / 1000;

      // Warm-up, discarded: the first report of the run pays for compiling its code paths.
      check((await generateAndGet(ctx, warm.aws)).csv, warm);

      const s = await generateAndGet(ctx, small.aws);
      check(s.csv, small);
      const l = await generateAndGet(ctx, large.aws);
      check(l.csv, large);

      // Baselines on the 5,000 users, alternating: reading the report back, and listing every user.
      const acc = { list: 0, get: 0 };
      for (let r = 0; r < rounds; r++) {
        for (const which of r % 2 ? ['get', 'list'] : ['list', 'get']) {
          const t = performance.now();
          if (which === 'list') {
            const n = await listAllUsers(ctx, large.aws);
            if (n !== USERS) throw new BenchError(`ListUsers paged through ${n} users, expected ${USERS}`);
          } else {
            const again = await generateAndGet(ctx, large.aws); // COMPLETE at once: the report is kept
            if (again.csv !== l.csv) throw new BenchError('GetCredentialReport answered a different report the second time');
          }
          acc[which] += performance.now() - t;
        }
      }
      const listMs = acc.list / rounds;
      const getMs = acc.get / rounds;
      const perK = (ms, n) => (ms * 1000) / n;
      const linear = perK(l.ms, USERS) / perK(s.ms, SMALL);
      const vsList = l.ms / listMs;
      const passList = vsList <= TARGET_VS_LIST;
      const pass = l.ms <= TARGET_MS;
      const e = large.expected;
      return [
        { line: `setup (untimed): 50 (warm-up) + ${SMALL} + ${USERS} users in ${setupS.toFixed(0)} s; per ${USERS}: ${e.key1Active + e.keysInactive + e.key2Active} access keys (${e.keysInactive} inactive, ${e.keysUsed} used), ${e.passwords} passwords, ${e.mfa} MFA devices, ${e.certs} signing certificates; both reports checked (rows, columns, counts)` },
        {
          line:
            `generate + get, ${USERS} users: ${l.ms.toFixed(0)} ms (${perK(l.ms, USERS).toFixed(0)} ms per 1,000 users), CSV ${(Buffer.byteLength(l.csv) / 1024).toFixed(0)} KiB | ` +
            `${SMALL} users: ${s.ms.toFixed(0)} ms (${perK(s.ms, SMALL).toFixed(0)} ms per 1,000) | per-user ratio ${USERS}/${SMALL} ${linear.toFixed(2)} (1 = linear)`,
        },
        {
          line:
            `baseline, ${USERS} users, ${rounds} rounds: Generate (COMPLETE, kept) + GetCredentialReport ${getMs.toFixed(0)} ms, generation ${(l.ms / getMs).toFixed(2)}× that (for information)`,
        },
        {
          line: `baseline, ${USERS} users, ${rounds} rounds: ListUsers paging (5 × 1,000) ${listMs.toFixed(0)} ms: generation ${vsList.toFixed(2)}× that (target ≤ ${TARGET_VS_LIST}) ${passList ? 'PASS' : 'BELOW TARGET'}`,
          pass: passList,
        },
        { line: `target: ${USERS} users within ${TARGET_MS} ms: ratio ${(TARGET_MS / l.ms).toFixed(2)} (≥ 1) ${pass ? 'PASS' : 'BELOW TARGET'}`, pass },
      ];
    },
  },
];
