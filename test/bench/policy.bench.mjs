// Policy-evaluation benchmarks, run by `npm run bench` as sections that need no HTTP server
// (`npm run bench -- policy` runs only these). The engine under test is the pure core in
// src/core/policy, bundled on the fly with esbuild (wrangler's dependency) into a temporary ESM file.
//
// Sections
//  - policy-vs-cedar: decisions/s of edge-iam for a realistic principal (IAM user alice in 3 groups,
//    10 managed policies ≈ 100 statements with conditions and wildcards, plus a permissions boundary)
//    against @cedar-policy/cedar-wasm (Node build) deciding an equivalent Cedar policy set in the same
//    process. Target: ratio ≥ 2 and p50 per decision < 10 µs.
//  - policy-growth: decisions/s at 10, 100, 1,000 and 10,000 statements where all but a fixed few
//    statements are for other services/actions. PASS when dps(10,000) ≥ 0.1 × dps(10), i.e. at least
//    100× flatter than linear (linear would be dps(10)/dps(10,000) = 1000). One more row, reported
//    next to the others without a target: "10,000 statements in the requested services but naming
//    other actions" (every filler is an s3/dynamodb/iam action, exact or `Op<n>*`, that no request
//    uses), the worst case for an index by service; with the index by action it should stay within a
//    small factor (≈ 3×) of the 10-statement case.
//
// Everything is generated from a seeded PRNG (mulberry32), so every run evaluates the same policies and
// the same requests. Policies are written once in a small intermediate form (IR) and translated to IAM
// JSON and to Cedar text; the translation is then checked, not trusted: before any timing, both engines
// decide every request and must agree (allow / explicit deny / implicit deny, see `cedarOutcome`).
//
// Method
//  - Untimed preparation: IAM policies parsed, validated and compiled once (the service caches compiled
//    policies per policy version); Cedar policy set preparsed once with `preparsePolicySet` and decided
//    with `statefulIsAuthorized` (the fastest path cedar-wasm 4.x offers: no policy parsing per call;
//    entities and context still cross the JS→wasm boundary as JSON-like values on every call, which is
//    the only way that API takes them). Requests are pre-generated for both engines: an `AuthzRequest`
//    for edge-iam; the call object (principal/action/resource uids, context with ip/datetime extension
//    values, and the 3 entities the request touches: the user with its groups and tags, the action with
//    its action groups, the resource with its ARN and tags) for Cedar.
//  - One edge-iam decision = `authorize()` (which calls `prepareRequest` itself, decide.ts), with the
//    compiled identity policies and the boundary. One Cedar decision = one `statefulIsAuthorized` call.
//  - Warm-up rounds (discarded) also calibrate how many passes over the request list make a batch of
//    ≈ BENCH_POLICY_BATCH_MS per engine. Then BENCH_ROUNDS measured rounds, alternating which engine
//    goes first. decisions/s = total decisions / total time.
//  - Latency: a single decision (~1 µs) is too short to time on its own (the timer call itself costs
//    tens of ns and has µs-level jitter), so edge-iam is timed with process.hrtime.bigint() around
//    consecutive groups of 100 decisions; p50/p99 are percentiles of those group averages over all
//    measured rounds. A GC pause or a slow decision lands in one group and is divided by 100, so the p99
//    understates the single-decision tail; the p50 is a fair per-decision figure.
//  - Every decision result feeds a checksum compared with the expected counts, so nothing is dead code.
//
// Tunables (env): BENCH_ROUNDS (5), BENCH_WARMUP (2) (shared with bench.mjs), BENCH_POLICY_BATCH_MS (400),
// BENCH_POLICY_REQUESTS (1000).

import path from 'node:path';
import { importTs } from './import-ts.mjs';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const num = (name, def) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : def;
};
const PCFG = {
  batchMs: num('BENCH_POLICY_BATCH_MS', 400),
  requests: num('BENCH_POLICY_REQUESTS', 1000),
};
const GROUP = 100; // decisions per latency sample

export class PolicyBenchError extends Error {}

// ---------------------------------------------------------------- engine loading

let enginePromise;
/** The policy engine (src/core/policy/index.ts), bundled for Node. */
function loadEngine() {
  enginePromise ??= importTs(path.join(ROOT, 'src/core/policy/index.ts'));
  return enginePromise;
}

async function loadCedar() {
  try {
    return await import('@cedar-policy/cedar-wasm/nodejs');
  } catch (e) {
    throw new PolicyBenchError(`cannot load @cedar-policy/cedar-wasm/nodejs (npm install?): ${e.message}`);
  }
}

// ---------------------------------------------------------------- deterministic data

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rngTools = (seed) => {
  const r = mulberry32(seed);
  const int = (n) => Math.floor(r() * n);
  const pick = (list) => list[int(list.length)];
  const some = (list, min, max) => {
    const n = Math.min(list.length, min + int(max - min + 1));
    const copy = [...list];
    const out = [];
    while (out.length < n) out.push(copy.splice(int(copy.length), 1)[0]);
    return out;
  };
  return { r, int, pick, some };
};

const ACCOUNT = '123456789012';

/** Real action names per service: the catalog every request action comes from. */
const CATALOG = {
  s3: ['GetObject', 'PutObject', 'DeleteObject', 'ListBucket', 'GetBucketPolicy', 'PutBucketPolicy',
    'GetObjectTagging', 'PutObjectTagging', 'GetBucketLocation', 'ListAllMyBuckets', 'DeleteBucket', 'CreateBucket'],
  iam: ['GetUser', 'GetRole', 'GetPolicy', 'GetPolicyVersion', 'ListUsers', 'ListRoles', 'ListPolicies',
    'ListAttachedUserPolicies', 'ListGroupsForUser', 'CreateUser', 'DeleteUser', 'AttachUserPolicy', 'PassRole',
    'CreateAccessKey', 'DeleteAccessKey', 'ListAccessKeys', 'UpdateAccessKey', 'ChangePassword'],
  ec2: ['DescribeInstances', 'DescribeVpcs', 'DescribeSubnets', 'DescribeSecurityGroups', 'StartInstances',
    'StopInstances', 'TerminateInstances', 'RunInstances', 'CreateTags', 'DeleteTags'],
  dynamodb: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem',
    'DescribeTable', 'CreateTable', 'DeleteTable', 'ListTables'],
  lambda: ['InvokeFunction', 'GetFunction', 'ListFunctions', 'CreateFunction', 'UpdateFunctionCode',
    'DeleteFunction', 'GetFunctionConfiguration'],
  logs: ['CreateLogGroup', 'CreateLogStream', 'PutLogEvents', 'DescribeLogGroups', 'DescribeLogStreams',
    'GetLogEvents', 'FilterLogEvents', 'DeleteLogGroup'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes', 'GetQueueUrl', 'ListQueues',
    'PurgeQueue', 'CreateQueue', 'DeleteQueue'],
  sns: ['Publish', 'Subscribe', 'ListTopics', 'CreateTopic', 'DeleteTopic', 'GetTopicAttributes'],
  kms: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey', 'ListKeys', 'ScheduleKeyDeletion', 'CreateGrant'],
  sts: ['GetCallerIdentity', 'AssumeRole', 'GetSessionToken'],
  cloudwatch: ['PutMetricData', 'GetMetricData', 'ListMetrics', 'DescribeAlarms', 'PutMetricAlarm', 'DeleteAlarms'],
  secretsmanager: ['GetSecretValue', 'DescribeSecret', 'ListSecrets', 'PutSecretValue', 'CreateSecret', 'DeleteSecret'],
};
const SERVICES = Object.keys(CATALOG);
const ALL_ACTIONS = SERVICES.flatMap((s) => CATALOG[s].map((a) => `${s}:${a}`));

/** Concrete resources per service that requests use: [arn, tags]. `*` = no resource-level permissions. */
const RESOURCES = {
  s3: {
    bucket: ['team-platform-data', 'team-data-data', 'logs-central', 'public-assets', 'finance-reports', 'home-alice'],
    key: ['reports/2024/q1.csv', 'public/index.html', 'tmp/scratch.bin', 'raw/events/2025/01/01/part-0001.json',
      'home/alice/notes.txt', 'exports/orders.parquet'],
  },
  iam: ['user/eng/alice', 'user/eng/bob', 'user/ops/carol', 'role/app/deployer', 'role/admin/breakglass',
    'policy/team/platform-read', 'group/developers'].map((r) => `arn:aws:iam::${ACCOUNT}:${r}`),
  ec2: ['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60003'],
  dynamodb: ['table/orders-dev', 'table/orders-prod', 'table/users-dev', 'table/orders-dev/index/byDate', 'table/audit-prod'],
  lambda: ['function:ingest-dev', 'function:billing-prod', 'function:report-dev'],
  logs: ['log-group:/app/ingest:*', 'log-group:/aws/lambda/ingest-dev:log-stream:2025/01/01/abc', 'log-group:/secure/audit:*'],
  sqs: ['jobs-dev', 'jobs-prod', 'dead-letter'],
  sns: ['alerts', 'billing-events'],
  kms: ['key/1234abcd-12ab-34cd-56ef-1234567890ab', 'key/0000aaaa-00aa-00aa-00aa-000000000000'],
  sts: [`arn:aws:iam::${ACCOUNT}:role/app/deployer`, `arn:aws:iam::${ACCOUNT}:role/admin/breakglass`],
  secretsmanager: ['secret:app/dev/db-AbCdEf', 'secret:app/prod/db-XyZ123', 'secret:shared/api-key-Q1w2E3'],
};
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-south-1'];
/** Actions without resource-level permissions: the request resource is `*`. */
const STAR_ACTIONS = new Set(['s3:ListAllMyBuckets', 'iam:ListUsers', 'iam:ListRoles', 'iam:ListPolicies',
  'ec2:DescribeInstances', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:RunInstances',
  'dynamodb:ListTables', 'lambda:ListFunctions', 'logs:DescribeLogGroups', 'sqs:ListQueues', 'sns:ListTopics',
  'kms:ListKeys', 'sts:GetCallerIdentity', 'sts:GetSessionToken', 'cloudwatch:PutMetricData', 'cloudwatch:GetMetricData',
  'cloudwatch:ListMetrics', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms',
  'secretsmanager:ListSecrets']);
const S3_BUCKET_ACTIONS = new Set(['s3:ListBucket', 's3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:GetBucketLocation',
  's3:DeleteBucket', 's3:CreateBucket']);

/** A request resource for an action: { arn, tags }. Tags come from the name (…-dev / …-prod). */
function resourceFor(action, t, region) {
  if (STAR_ACTIONS.has(action)) return { arn: '*', tags: {} };
  const svc = action.slice(0, action.indexOf(':'));
  const env = (s) => (/prod/.test(s) ? { env: 'prod' } : /dev/.test(s) ? { env: 'dev' } : {});
  switch (svc) {
    case 's3': {
      const b = t.pick(RESOURCES.s3.bucket);
      return { arn: S3_BUCKET_ACTIONS.has(action) ? `arn:aws:s3:::${b}` : `arn:aws:s3:::${b}/${t.pick(RESOURCES.s3.key)}`, tags: {} };
    }
    case 'iam': case 'sts': { const a = t.pick(RESOURCES[svc]); return { arn: a, tags: env(a) }; }
    case 'ec2': {
      const id = t.pick(RESOURCES.ec2);
      return { arn: `arn:aws:ec2:${region}:${ACCOUNT}:instance/${id}`, tags: { env: id.endsWith('1') ? 'prod' : 'dev' } };
    }
    case 'sqs': case 'sns': { const n = t.pick(RESOURCES[svc]); return { arn: `arn:aws:${svc}:${region}:${ACCOUNT}:${n}`, tags: env(n) }; }
    default: { const n = t.pick(RESOURCES[svc]); return { arn: `arn:aws:${svc}:${region}:${ACCOUNT}:${n}`, tags: env(n) }; }
  }
}

/** Resource patterns per service that statements use (wildcards only after the 5th colon, or a whole segment). */
const RESOURCE_PATTERNS = {
  s3: ['arn:aws:s3:::team-platform-*', 'arn:aws:s3:::team-platform-*/*', 'arn:aws:s3:::logs-central/*',
    'arn:aws:s3:::public-assets/*', 'arn:aws:s3:::*/reports/*', 'arn:aws:s3:::finance-reports',
    'arn:aws:s3:::home-alice/*', 'arn:aws:s3:::team-*-data/raw/*', '*'],
  iam: [`arn:aws:iam::${ACCOUNT}:user/eng/*`, `arn:aws:iam::${ACCOUNT}:role/app/*`, `arn:aws:iam::${ACCOUNT}:user/eng/alice`,
    `arn:aws:iam::${ACCOUNT}:policy/team/*`, `arn:aws:iam::${ACCOUNT}:group/developers`, '*'],
  ec2: [`arn:aws:ec2:*:${ACCOUNT}:instance/*`, `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0a1b2c3d4e5f6000*`, '*'],
  dynamodb: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-*`, `arn:aws:dynamodb:*:${ACCOUNT}:table/*-dev`,
    `arn:aws:dynamodb:*:${ACCOUNT}:table/*-dev/index/*`, `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/users-dev`, '*'],
  lambda: [`arn:aws:lambda:*:${ACCOUNT}:function:*-dev`, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:billing-prod`, '*'],
  logs: [`arn:aws:logs:*:${ACCOUNT}:log-group:/app/*`, `arn:aws:logs:*:${ACCOUNT}:log-group:/aws/lambda/*`, '*'],
  sqs: [`arn:aws:sqs:*:${ACCOUNT}:jobs-*`, `arn:aws:sqs:us-east-1:${ACCOUNT}:dead-letter`, '*'],
  sns: [`arn:aws:sns:*:${ACCOUNT}:alerts`, '*'],
  kms: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-*`, '*'],
  sts: [`arn:aws:iam::${ACCOUNT}:role/app/*`, '*'],
  cloudwatch: ['*'],
  secretsmanager: [`arn:aws:secretsmanager:*:${ACCOUNT}:secret:app/dev/*`, `arn:aws:secretsmanager:*:${ACCOUNT}:secret:shared/*`, '*'],
};

// Condition IR: { op, key, values } with op one of the IAM operator names used below.
const ALLOW_CONDITIONS = [
  { op: 'StringEquals', key: 'aws:PrincipalTag/team', values: ['platform'] },
  { op: 'StringEquals', key: 'aws:PrincipalTag/team', values: ['data', 'analytics'] },
  { op: 'IpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8', '192.168.0.0/16'] },
  { op: 'IpAddress', key: 'aws:SourceIp', values: ['203.0.113.0/24'] },
  { op: 'DateGreaterThan', key: 'aws:CurrentTime', values: ['2024-01-01T00:00:00Z'] },
  { op: 'DateLessThan', key: 'aws:CurrentTime', values: ['2025-07-01T00:00:00Z'] },
  { op: 'Bool', key: 'aws:MultiFactorAuthPresent', values: ['true'] },
  { op: 'StringLike', key: 's3:prefix', values: ['reports/*', 'public/*'] },
  { op: 'StringEquals', key: 'aws:ResourceTag/env', values: ['dev'] },
  { op: 'StringEquals', key: 'aws:RequestedRegion', values: ['us-east-1', 'eu-west-1'] },
  { op: 'NumericLessThan', key: 'aws:MultiFactorAuthAge', values: ['3600'] },
  { op: 'StringLike', key: 'aws:PrincipalTag/costCenter', values: ['cc-1*'] },
];
const DENY_CONDITIONS = [
  { op: 'NotIpAddress', key: 'aws:SourceIp', values: ['10.0.0.0/8'] },
  { op: 'BoolIfExists', key: 'aws:MultiFactorAuthPresent', values: ['false'] },
  { op: 'StringNotEquals', key: 'aws:PrincipalTag/team', values: ['platform'] },
  { op: 'StringEquals', key: 'aws:ResourceTag/env', values: ['prod'] },
  { op: 'StringNotEquals', key: 'aws:RequestedRegion', values: ['us-east-1', 'eu-west-1'] },
];

/**
 * One IAM statement in IR form. `actions` / `notActions` hold IAM action patterns, `resources` /
 * `notResources` ARN patterns, `conditions` condition IR.
 */
function statementJson(s, sid) {
  const o = { Sid: sid, Effect: s.effect };
  if (s.actions) o.Action = s.actions;
  if (s.notActions) o.NotAction = s.notActions;
  if (s.resources) o.Resource = s.resources;
  if (s.notResources) o.NotResource = s.notResources;
  if (s.conditions?.length) {
    const c = {};
    for (const { op, key, values } of s.conditions) (c[op] ??= {})[key] = values;
    o.Condition = c;
  }
  return o;
}
const policyJson = (statements, name) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements.map((s, i) => statementJson(s, `${name.replace(/\W/g, '')}${i}`)) });

/**
 * The realistic principal's policies: alice is in groups developers, data-readers and oncall; each of
 * the 10 managed policies (≈ 10 statements each) is attached to one group or to alice herself. Plus a
 * permissions boundary on alice.
 */
function realisticPolicies(seed) {
  const t = rngTools(seed);
  const owners = [
    { kind: 'group', id: 'developers' }, { kind: 'group', id: 'developers' }, { kind: 'group', id: 'developers' },
    { kind: 'group', id: 'data-readers' }, { kind: 'group', id: 'data-readers' }, { kind: 'group', id: 'data-readers' },
    { kind: 'group', id: 'oncall' }, { kind: 'group', id: 'oncall' },
    { kind: 'user', id: 'alice' }, { kind: 'user', id: 'alice' },
  ];
  const policies = owners.map((owner, p) => {
    const focus = t.some(SERVICES, 2, 3); // each policy is about a few services
    const statements = [];
    const n = 8 + t.int(5); // 8..12 statements
    for (let i = 0; i < n; i++) {
      const svc = t.pick(focus);
      const acts = CATALOG[svc];
      const shape = t.r();
      let s;
      if (shape < 0.12) {
        // Explicit denies: destructive actions under a deny condition.
        const destructive = acts.filter((a) => /^(Delete|Terminate|Purge|Schedule|Put.*Policy|Attach)/.test(a));
        s = {
          effect: 'Deny',
          actions: (destructive.length ? t.some(destructive, 1, 2) : [t.pick(acts)]).map((a) => `${svc}:${a}`),
          resources: [t.pick(RESOURCE_PATTERNS[svc])],
          conditions: [t.pick(DENY_CONDITIONS)],
        };
      } else if (shape < 0.4) {
        // Read-only wildcards.
        const verbs = [...new Set(acts.map((a) => a.match(/^[A-Z][a-z]+/)[0]))].filter((v) => /^(Get|List|Describe)$/.test(v));
        s = {
          effect: 'Allow',
          actions: (verbs.length ? t.some(verbs, 1, 2) : ['Get']).map((v) => `${svc}:${v}*`),
          resources: t.some(RESOURCE_PATTERNS[svc], 1, 2),
        };
      } else if (shape < 0.5) {
        // Whole-service wildcard on a narrow resource.
        s = { effect: 'Allow', actions: [`${svc}:*`], resources: [t.pick(RESOURCE_PATTERNS[svc].filter((r) => r !== '*').concat('*'))] };
      } else {
        // Exact actions.
        s = { effect: 'Allow', actions: t.some(acts, 1, 4).map((a) => `${svc}:${a}`), resources: t.some(RESOURCE_PATTERNS[svc], 1, 3) };
      }
      if (s.effect === 'Allow' && t.r() < 0.55) s.conditions = t.some(ALLOW_CONDITIONS, 1, 2);
      statements.push(s);
    }
    return { name: `arn:aws:iam::${ACCOUNT}:policy/bench/Managed${p}`, owner, statements };
  });
  // The classic "deny everything but IAM self-service without MFA" (NotAction, in the user's policy).
  policies[8].statements.push({
    effect: 'Deny',
    notActions: ['iam:ChangePassword', 'iam:GetUser', 'iam:ListAccessKeys', 'sts:GetCallerIdentity', 'sts:GetSessionToken'],
    resources: ['*'],
    conditions: [{ op: 'BoolIfExists', key: 'aws:MultiFactorAuthPresent', values: ['false'] }],
  });
  // A NotResource deny: no secrets outside app/dev and shared.
  policies[9].statements.push({
    effect: 'Deny',
    actions: ['secretsmanager:GetSecretValue'],
    notResources: [`arn:aws:secretsmanager:*:${ACCOUNT}:secret:app/dev/*`, `arn:aws:secretsmanager:*:${ACCOUNT}:secret:shared/*`],
  });
  const boundary = {
    name: `arn:aws:iam::${ACCOUNT}:policy/bench/Boundary`,
    owner: { kind: 'boundary' },
    statements: [
      { effect: 'Allow', actions: ['s3:*', 'dynamodb:*', 'logs:*', 'sqs:*', 'sns:*', 'cloudwatch:*', 'lambda:*', 'sts:*'], resources: ['*'] },
      { effect: 'Allow', actions: ['iam:Get*', 'iam:List*', 'iam:ChangePassword', 'iam:CreateAccessKey', 'iam:PassRole'], resources: ['*'] },
      { effect: 'Allow', actions: ['ec2:Describe*', 'ec2:StartInstances', 'ec2:StopInstances'], resources: ['*'] },
      { effect: 'Allow', actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], resources: [`arn:aws:kms:*:${ACCOUNT}:key/*`] },
      { effect: 'Allow', actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], resources: [`arn:aws:secretsmanager:*:${ACCOUNT}:secret:*`] },
      { effect: 'Deny', actions: ['iam:CreateAccessKey'], resources: [`arn:aws:iam::${ACCOUNT}:user/ops/*`] },
    ],
  };
  return { policies, boundary };
}

const PRINCIPAL = {
  arn: `arn:aws:iam::${ACCOUNT}:user/eng/alice`,
  accountId: ACCOUNT,
  type: 'User',
  userName: 'alice',
  userId: 'AIDAEXAMPLEALICE00001',
  tags: { team: 'platform', costCenter: 'cc-100' },
};
const GROUPS = ['developers', 'data-readers', 'oncall'];

/** Request mix: actions from `actions`, context varied (ip, MFA, time, region, prefix). */
function generateRequests(seed, count, actions) {
  const t = rngTools(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const action = t.pick(actions);
    const region = t.r() < 0.85 ? t.pick(REGIONS.slice(0, 2)) : REGIONS[2];
    const res = resourceFor(action, t, region);
    const ctx = {};
    const ipDraw = t.r();
    if (ipDraw < 0.55) ctx['aws:SourceIp'] = `10.${t.int(256)}.${t.int(256)}.${1 + t.int(254)}`;
    else if (ipDraw < 0.75) ctx['aws:SourceIp'] = `192.168.${t.int(256)}.${1 + t.int(254)}`;
    else if (ipDraw < 0.95) ctx['aws:SourceIp'] = `203.0.113.${1 + t.int(254)}`;
    const mfaDraw = t.r();
    if (mfaDraw < 0.75) {
      ctx['aws:MultiFactorAuthPresent'] = 'true';
      ctx['aws:MultiFactorAuthAge'] = String(t.int(7200));
    } else if (mfaDraw < 0.92) ctx['aws:MultiFactorAuthPresent'] = 'false';
    const day = Date.UTC(2023, 5, 1) + t.int(900) * 86_400_000 + t.int(86_400) * 1000;
    ctx['aws:CurrentTime'] = new Date(day).toISOString().replace('.000Z', 'Z');
    ctx['aws:RequestedRegion'] = region;
    if (action === 's3:ListBucket' && t.r() < 0.8) ctx['s3:prefix'] = t.pick(['reports/2024/', 'public/', 'tmp/', 'home/alice/']);
    for (const [k, v] of Object.entries(res.tags)) ctx[`aws:ResourceTag/${k}`] = v;
    out.push({ action, resource: res.arn, resourceTags: res.tags, context: ctx });
  }
  return out;
}

// ---------------------------------------------------------------- IAM side

async function compileIam(engine, policies, kind = 'identity', policyType = 'identity') {
  return policies.map((p) => {
    const text = policyJson(p.statements, p.name);
    const checked = engine.checkPolicy(text, kind);
    if (!checked.ok) throw new PolicyBenchError(`generated policy ${p.name} is invalid: ${JSON.stringify(checked.error)}`);
    return engine.compilePolicy(checked.value, { policyId: p.name, policyType, versionId: 'v1' });
  });
}
const iamRequest = (q) => ({ principal: PRINCIPAL, action: q.action, resource: q.resource, context: q.context });

// ---------------------------------------------------------------- Cedar side (translation of the IR)

const cedarStr = (s) => JSON.stringify(s); // Cedar string literals accept JSON escapes for our ASCII data
const likePattern = (p) => `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`; // `*` stays the wildcard

/** Where an IAM condition key lives in the Cedar request, and the Cedar type of its value. */
function cedarKey(key) {
  const tag = /^aws:(Principal|Resource)Tag\/(.+)$/.exec(key);
  if (tag) return { obj: tag[1] === 'Principal' ? 'principal.tags' : 'resource.tags', attr: tag[2] };
  const map = {
    'aws:SourceIp': 'sourceIp', 'aws:CurrentTime': 'now', 'aws:MultiFactorAuthPresent': 'mfa',
    'aws:MultiFactorAuthAge': 'mfaAge', 'aws:RequestedRegion': 'region', 's3:prefix': 's3prefix',
  };
  if (!map[key]) throw new Error(`no Cedar mapping for condition key ${key}`);
  return { obj: 'context', attr: map[key] };
}

/** IAM condition semantics (absent key, OR over values, negation, IfExists) spelled out in Cedar. */
function cedarCondition({ op, key, values }) {
  const { obj, attr } = cedarKey(key);
  const has = `${obj} has ${attr}`;
  const v = `${obj}.${attr}`;
  const ifExists = op.endsWith('IfExists');
  const base = ifExists ? op.slice(0, -8) : op;
  const any = (f) => values.map(f).join(' || ');
  const none = (f) => values.map((x) => `!(${f(x)})`).join(' && ');
  const tests = {
    StringEquals: [false, (x) => `${v} == ${cedarStr(x)}`],
    StringNotEquals: [true, (x) => `${v} == ${cedarStr(x)}`],
    StringLike: [false, (x) => `${v} like ${likePattern(x)}`],
    IpAddress: [false, (x) => `${v}.isInRange(ip(${cedarStr(x)}))`],
    NotIpAddress: [true, (x) => `${v}.isInRange(ip(${cedarStr(x)}))`],
    DateGreaterThan: [false, (x) => `${v} > datetime(${cedarStr(x)})`],
    DateLessThan: [false, (x) => `${v} < datetime(${cedarStr(x)})`],
    Bool: [false, (x) => `${v} == ${x === 'true'}`],
    NumericLessThan: [false, (x) => `${v} < ${Number(x)}`],
  };
  const [negated, f] = tests[base] ?? [];
  if (!f) throw new Error(`no Cedar translation for ${op}`);
  const match = negated ? none(f) : any(f);
  // Absent key: IfExists → true; negated operators → true; positive operators → false.
  return ifExists || negated ? `(!(${has}) || (${match}))` : `(${has} && (${match}))`;
}

/** IAM resource pattern list → Cedar boolean expression (undefined when it matches everything). */
function cedarResources(list) {
  if (list.includes('*')) return undefined;
  return list
    .map((r) => (/[*?]/.test(r) ? `resource.arn like ${likePattern(r)}` : `resource == Resource::${cedarStr(r)}`))
    .join(' || ');
}
const cedarActionList = (list) => `[${list.map((a) => `Action::${cedarStr(a)}`).join(', ')}]`;
const cedarPrincipal = (owner) =>
  owner.kind === 'group' ? `principal in Group::${cedarStr(owner.id)}` : owner.kind === 'user' ? `principal == User::${cedarStr(owner.id)}` : 'principal';

/** One IAM statement as a Cedar permit/forbid. */
function cedarStatement(s, owner) {
  const clauses = [];
  let actionScope = 'action';
  if (s.actions && !s.actions.includes('*')) actionScope = `action in ${cedarActionList(s.actions)}`;
  if (s.notActions) clauses.push(`unless { action in ${cedarActionList(s.notActions)} }`);
  if (s.resources) {
    const e = cedarResources(s.resources);
    if (e) clauses.push(`when { ${e} }`);
  }
  if (s.notResources) {
    const e = cedarResources(s.notResources);
    clauses.push(e ? `unless { ${e} }` : 'when { false }');
  }
  if (s.conditions?.length) clauses.push(`when { ${s.conditions.map(cedarCondition).join(' && ')} }`);
  return `${s.effect === 'Allow' ? 'permit' : 'forbid'} (${cedarPrincipal(owner)}, ${actionScope}, resource)${clauses.length ? `\n  ${clauses.join('\n  ')}` : ''};`;
}

/** A boundary Allow statement as a boolean expression (for the boundary's single forbid-unless). */
function cedarStatementExpr(s) {
  const parts = [];
  if (s.actions && !s.actions.includes('*')) parts.push(`action in ${cedarActionList(s.actions)}`);
  if (s.notActions) parts.push(`!(action in ${cedarActionList(s.notActions)})`);
  const r = s.resources ? cedarResources(s.resources) : undefined;
  if (r) parts.push(`(${r})`);
  const nr = s.notResources ? cedarResources(s.notResources) : undefined;
  if (s.notResources) parts.push(nr ? `!(${nr})` : 'false');
  for (const c of s.conditions ?? []) parts.push(cedarCondition(c));
  return parts.length ? `(${parts.join(' && ')})` : 'true';
}

const BOUNDARY_ID = 'boundary-allows';

/**
 * The Cedar policy set: one policy per IAM statement (ids `pP.sS`), boundary Deny statements as
 * forbids, and the boundary's Allow statements as ONE `forbid … unless { any boundary allow }`: the
 * boundary caps the identity permissions, which in Cedar is a forbid for whatever it does not allow.
 */
function cedarPolicySet(policies, boundary) {
  const staticPolicies = {};
  policies.forEach((p, pi) => p.statements.forEach((s, si) => { staticPolicies[`p${pi}.s${si}`] = cedarStatement(s, p.owner); }));
  if (boundary) {
    const allows = boundary.statements.filter((s) => s.effect === 'Allow');
    staticPolicies[BOUNDARY_ID] = `forbid (principal, action, resource)\n  unless { ${allows.map(cedarStatementExpr).join('\n    || ')} };`;
    boundary.statements.forEach((s, si) => {
      if (s.effect === 'Deny') staticPolicies[`b.s${si}`] = cedarStatement(s, { kind: 'boundary' });
    });
  }
  return { staticPolicies };
}

/** Case-insensitive IAM action glob → RegExp (for computing action-group membership once). */
const actionRegex = (p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

/** Every wildcard action pattern used anywhere becomes a Cedar action group; actions list the groups they are in. */
function actionParents(allStatements, actions) {
  const patterns = new Set();
  for (const s of allStatements) for (const a of [...(s.actions ?? []), ...(s.notActions ?? [])]) if (/[*?]/.test(a) && a !== '*') patterns.add(a);
  const compiled = [...patterns].map((p) => [p, actionRegex(p)]);
  const parents = new Map();
  for (const a of actions) parents.set(a, compiled.filter(([, re]) => re.test(a)).map(([p]) => ({ type: 'Action', id: p })));
  return parents;
}

const cedarCtxValue = {
  'aws:SourceIp': (v) => ['sourceIp', { __extn: { fn: 'ip', arg: v } }],
  'aws:CurrentTime': (v) => ['now', { __extn: { fn: 'datetime', arg: v } }],
  'aws:MultiFactorAuthPresent': (v) => ['mfa', v === 'true'],
  'aws:MultiFactorAuthAge': (v) => ['mfaAge', Number(v)],
  'aws:RequestedRegion': (v) => ['region', v],
  's3:prefix': (v) => ['s3prefix', v],
};

const CEDAR_USER = {
  uid: { type: 'User', id: PRINCIPAL.userName },
  attrs: { arn: PRINCIPAL.arn, tags: { ...PRINCIPAL.tags } },
  parents: GROUPS.map((g) => ({ type: 'Group', id: g })),
};

/** The Cedar call for one request (built untimed): uids, context, and the 3 entities it touches. */
function cedarCall(q, parents, policySetId) {
  const context = {};
  for (const [k, v] of Object.entries(q.context)) {
    const f = cedarCtxValue[k];
    if (f) { const [name, value] = f(v); context[name] = value; }
  }
  const resource = { type: 'Resource', id: q.resource };
  return {
    principal: CEDAR_USER.uid,
    action: { type: 'Action', id: q.action },
    resource,
    context,
    preparsedPolicySetId: policySetId,
    entities: [
      CEDAR_USER,
      { uid: { type: 'Action', id: q.action }, attrs: {}, parents: parents.get(q.action) ?? [] },
      { uid: resource, attrs: { arn: q.resource, tags: { ...q.resourceTags } }, parents: [] },
    ],
  };
}

/** Cedar answer → IAM-style outcome. A deny decided only by the boundary's forbid-unless is IAM's implicit deny. */
function cedarOutcome(answer) {
  if (answer.type !== 'success') throw new PolicyBenchError(`cedar failed: ${JSON.stringify(answer.errors).slice(0, 500)}`);
  const { decision, diagnostics } = answer.response;
  if (diagnostics.errors.length) {
    throw new PolicyBenchError(`cedar evaluation errors (the translation is wrong): ${JSON.stringify(diagnostics.errors).slice(0, 500)}`);
  }
  if (decision === 'allow') return 'Allow';
  return diagnostics.reason.some((id) => id !== BOUNDARY_ID) ? 'ExplicitDeny' : 'ImplicitDeny';
}

// ---------------------------------------------------------------- measurement

const now = () => process.hrtime.bigint();

/** Runs `passes` passes of `fn` over `n` items; returns {ops, ns, samples} with per-GROUP average ns. */
function timePasses(n, passes, decideAt, sampleGroups) {
  const samples = [];
  let allowed = 0;
  const t0 = now();
  if (sampleGroups) {
    for (let p = 0; p < passes; p++) {
      for (let i = 0; i < n; i += GROUP) {
        const end = Math.min(n, i + GROUP);
        const g0 = now();
        for (let j = i; j < end; j++) allowed += decideAt(j);
        samples.push(Number(now() - g0) / (end - i));
      }
    }
  } else {
    for (let p = 0; p < passes; p++) for (let j = 0; j < n; j++) allowed += decideAt(j);
  }
  return { ops: n * passes, ns: Number(now() - t0), samples, allowed };
}

const percentile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/**
 * Warm-up + calibration + measured rounds for several engines ("subjects"), alternating the order per
 * round. Each engine: {name, n, decideAt(i) → 1 if allowed else 0, expectAllowed, sample}.
 */
function measure(engines, cfg, deadline) {
  const passes = new Map(engines.map((e) => [e.name, 1]));
  for (let r = 0; r < Math.max(1, cfg.warmup); r++) {
    for (const e of r % 2 ? [...engines].reverse() : engines) {
      const t = timePasses(e.n, passes.get(e.name), e.decideAt, false);
      const perPassMs = t.ns / 1e6 / passes.get(e.name);
      passes.set(e.name, Math.max(1, Math.round(PCFG.batchMs / perPassMs)));
    }
  }
  const acc = new Map(engines.map((e) => [e.name, { ops: 0, ns: 0, samples: [] }]));
  for (let r = 0; r < cfg.rounds; r++) {
    for (const e of r % 2 ? [...engines].reverse() : engines) {
      const t = timePasses(e.n, passes.get(e.name), e.decideAt, e.sample);
      if (t.allowed !== e.expectAllowed * passes.get(e.name)) {
        throw new PolicyBenchError(`${e.name}: ${t.allowed} allows in a batch, expected ${e.expectAllowed * passes.get(e.name)}`);
      }
      const a = acc.get(e.name);
      a.ops += t.ops; a.ns += t.ns; a.samples.push(...t.samples);
      if (performance.now() > deadline) throw new PolicyBenchError('section time budget exceeded');
    }
  }
  return new Map([...acc].map(([name, a]) => [name, {
    dps: (a.ops * 1e9) / a.ns,
    ops: a.ops,
    p50: a.samples.length ? percentile(a.samples, 0.5) / 1000 : undefined,
    p99: a.samples.length ? percentile(a.samples, 0.99) / 1000 : undefined,
    passes: passes.get(name),
  }]));
}

const fmtN = (x) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const us = (x) => `${x.toFixed(2)} µs`;

// ---------------------------------------------------------------- section 1: edge-iam vs Cedar

async function runVsCedar(ctx) {
  const cfg = ctx.cfg;
  const [engine, cedar] = await Promise.all([loadEngine(), loadCedar()]);
  const { policies, boundary } = realisticPolicies(0x5eed1);
  const stmtCount = policies.reduce((n, p) => n + p.statements.length, 0);

  // IAM: parse + validate + compile once.
  const identityPolicies = await compileIam(engine, policies);
  const boundaryPolicies = await compileIam(engine, [boundary], 'boundary', 'boundary');

  // Cedar: preparse the equivalent policy set once.
  const pset = cedarPolicySet(policies, boundary);
  const PSET_ID = 'edge-iam-bench';
  const pre = cedar.preparsePolicySet(PSET_ID, pset);
  if (pre.type !== 'success') throw new PolicyBenchError(`cedar rejected the translated policy set: ${JSON.stringify(pre.errors).slice(0, 800)}`);

  const queries = generateRequests(0xbe7c4, PCFG.requests, ALL_ACTIONS);
  const parents = actionParents([...policies, boundary].flatMap((p) => p.statements), ALL_ACTIONS);
  const iamReqs = queries.map(iamRequest);
  const cedarCalls = queries.map((q) => cedarCall(q, parents, PSET_ID));

  // Agreement, before any timing.
  const counts = { Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0 };
  const mismatches = [];
  for (let i = 0; i < queries.length; i++) {
    const a = engine.authorize({ request: iamReqs[i], identityPolicies, boundaryPolicies }).decision;
    const b = cedarOutcome(cedar.statefulIsAuthorized(cedarCalls[i]));
    counts[a]++;
    if (a !== b) mismatches.push(`#${i} ${queries[i].action} ${queries[i].resource} ${JSON.stringify(queries[i].context)}: edge-iam ${a}, cedar ${b}`);
  }
  if (mismatches.length) {
    throw new PolicyBenchError(`edge-iam and Cedar disagree on ${mismatches.length}/${queries.length} requests, e.g.\n    ${mismatches.slice(0, 5).join('\n    ')}`);
  }

  const engines = [
    {
      name: 'edge-iam', n: iamReqs.length, expectAllowed: counts.Allow, sample: true,
      decideAt: (i) => (engine.authorize({ request: iamReqs[i], identityPolicies, boundaryPolicies }).decision === 'Allow' ? 1 : 0),
    },
    {
      name: 'cedar', n: cedarCalls.length, expectAllowed: counts.Allow, sample: false,
      decideAt: (i) => (cedar.statefulIsAuthorized(cedarCalls[i]).response.decision === 'allow' ? 1 : 0),
    },
  ];
  const m = measure(engines, cfg, ctx.deadline);
  const e = m.get('edge-iam');
  const c = m.get('cedar');

  // For context only: the stateless isAuthorized (policy text parsed on every call), a few calls.
  const statelessN = 50;
  const t0 = now();
  for (let i = 0; i < statelessN; i++) {
    const { preparsedPolicySetId, ...call } = cedarCalls[i];
    cedar.isAuthorized({ ...call, policies: pset });
  }
  const statelessDps = (statelessN * 1e9) / Number(now() - t0);

  const p50ok = e.p50 < 10;
  return [
    { line: `data: ${policies.length} managed policies, ${stmtCount} statements (+${boundary.statements.length} in the boundary), ` +
      `${Object.keys(pset.staticPolicies).length} Cedar policies; ${queries.length} requests over ${ALL_ACTIONS.length} actions: ` +
      `${counts.Allow} Allow, ${counts.ImplicitDeny} ImplicitDeny, ${counts.ExplicitDeny} ExplicitDeny — both engines agree on all` },
    { line: `cedar-wasm ${cedar.getCedarVersion()} (Node build), preparsePolicySet once + statefulIsAuthorized per decision` },
    {
      mode: `decisions (${fmtN(e.ops)} / ${fmtN(c.ops)})`,
      subjectOps: e.dps, baselineOps: c.dps, ratio: e.dps / c.dps,
    },
    {
      line: `edge-iam per decision: p50 ${us(e.p50)}, p99 ${us(e.p99)} (averages of groups of ${GROUP}); ` +
        `target p50 < 10 µs ${p50ok ? 'PASS' : 'BELOW TARGET'}`,
      pass: p50ok,
    },
    { line: `cedar per decision (mean): ${us(1e6 / c.dps)}; for reference, stateless isAuthorized (re-parses the policy set): ${fmtN(statelessDps)} decisions/s` },
  ];
}

// ---------------------------------------------------------------- section 2: growth

/** Statements that always matter for the growth requests (a mix of allows, a deny and conditions). */
const GROWTH_FIXED = [
  { effect: 'Allow', actions: ['s3:GetObject', 's3:ListBucket'], resources: ['arn:aws:s3:::team-platform-*', 'arn:aws:s3:::team-platform-*/*'] },
  { effect: 'Allow', actions: ['s3:Get*'], resources: ['arn:aws:s3:::public-assets/*'], conditions: [ALLOW_CONDITIONS[2]] },
  { effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['*'], conditions: [DENY_CONDITIONS[0]] },
  { effect: 'Allow', actions: ['dynamodb:GetItem', 'dynamodb:Query'], resources: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders-*`] },
  { effect: 'Allow', actions: ['iam:Get*', 'iam:List*'], resources: ['*'], conditions: [ALLOW_CONDITIONS[6]] },
];
const GROWTH_ACTIONS = ['s3:GetObject', 's3:ListBucket', 's3:DeleteObject', 's3:PutObject', 'dynamodb:GetItem',
  'dynamodb:Query', 'dynamodb:PutItem', 'iam:GetUser', 'iam:ListUsers', 'iam:CreateUser'];

/**
 * `size` statements in 10 policies: the fixed few plus filler statements. Fillers are spread over 200
 * service prefixes (the 12 real ones included, so the requested services get their share too) and
 * name actions that no request uses (`<svc>:Op<n>`, exact or `<svc>:Op<n>*`), with the same resource
 * and condition shapes as the realistic set.
 */
function growthPolicies(size, seed, sameService = false) {
  const t = rngTools(seed);
  const services = sameService
    ? ['s3', 'dynamodb', 'iam'] // worst case for a per-service index: every filler is in a requested service
    : [...SERVICES, ...Array.from({ length: 200 - SERVICES.length }, (_, i) => `svc${String(i).padStart(3, '0')}`)];
  const statements = GROWTH_FIXED.slice(0, size);
  while (statements.length < size) {
    const svc = t.pick(services);
    const wild = t.r() < 0.25;
    const actions = wild ? [`${svc}:Op${t.int(50)}*`] : Array.from({ length: 1 + t.int(3) }, () => `${svc}:Op${t.int(500)}`);
    const s = {
      effect: t.r() < 0.1 ? 'Deny' : 'Allow',
      actions,
      resources: [t.pick(RESOURCE_PATTERNS[svc] ?? [`arn:aws:${svc}:*:${ACCOUNT}:thing/*`, '*'])],
    };
    if (t.r() < 0.5) s.conditions = [t.pick(s.effect === 'Deny' ? DENY_CONDITIONS : ALLOW_CONDITIONS)];
    statements.push(s);
  }
  // Shuffle so the fixed statements are not always first, then deal into 10 policies.
  for (let i = statements.length - 1; i > 0; i--) {
    const j = t.int(i + 1);
    [statements[i], statements[j]] = [statements[j], statements[i]];
  }
  const policies = Array.from({ length: 10 }, (_, p) => ({ name: `arn:aws:iam::${ACCOUNT}:policy/growth/P${p}`, statements: [] }));
  statements.forEach((s, i) => policies[i % 10].statements.push(s));
  return policies.filter((p) => p.statements.length > 0);
}

async function runGrowth(ctx) {
  const cfg = ctx.cfg;
  const engine = await loadEngine();
  const sizes = [10, 100, 1000, 10000];
  const SAME = '10000-same-service';
  const queries = generateRequests(0x9a0e7, PCFG.requests, GROWTH_ACTIONS);
  const iamReqs = queries.map(iamRequest);
  const sets = [];
  let reference;
  for (const size of [...sizes, SAME]) {
    const docs = size === SAME ? growthPolicies(10000, 0x6a0 + 10000, true) : growthPolicies(size, 0x6a0 + size);
    // Policy documents here exceed AWS's per-policy size quota at 10,000 statements; only parse and
    // compile (no quota check), which is what the evaluator sees either way.
    const identityPolicies = docs.map((p) => {
      const parsed = engine.parsePolicy(policyJson(p.statements, p.name));
      if (!parsed.ok) throw new PolicyBenchError(`growth policy ${p.name}: ${JSON.stringify(parsed.error)}`);
      const errors = engine.validatePolicy(parsed.value, 'identity');
      if (errors.length) throw new PolicyBenchError(`growth policy ${p.name}: ${JSON.stringify(errors[0])}`);
      return engine.compilePolicy(parsed.value, { policyId: p.name, policyType: 'identity' });
    });
    const decisions = iamReqs.map((request) => engine.authorize({ request, identityPolicies }).decision);
    if (!reference) reference = decisions;
    else {
      const bad = decisions.findIndex((d, i) => d !== reference[i]);
      if (bad >= 0) throw new PolicyBenchError(`size ${size}: request #${bad} decided ${decisions[bad]}, at size 10 ${reference[bad]}`);
    }
    // The same-service worst case is slow (ms per decision): a quarter of the requests keeps it short.
    const n = size === SAME ? Math.ceil(iamReqs.length / 4) : iamReqs.length;
    const expectAllowed = decisions.slice(0, n).filter((d) => d === 'Allow').length;
    sets.push({
      name: `${size}`, n, expectAllowed, sample: true,
      decideAt: (i) => (engine.authorize({ request: iamReqs[i], identityPolicies }).decision === 'Allow' ? 1 : 0),
    });
  }
  const counts = reference.reduce((c, d) => ((c[d] = (c[d] ?? 0) + 1), c), {});
  const m = measure(sets, cfg, ctx.deadline);
  const base = m.get('10');
  const rows = [
    { line: `${queries.length} requests over ${GROWTH_ACTIONS.length} actions (${counts.Allow ?? 0} Allow, ${counts.ImplicitDeny ?? 0} ImplicitDeny, ` +
      `${counts.ExplicitDeny ?? 0} ExplicitDeny, identical at every size); ${GROWTH_FIXED.length} statements can match, the rest ` +
      `name other actions over 200 service prefixes; 10 policies per set` },
    { line: `${'10 statements'.padEnd(34)} ${fmtN(base.dps).padStart(10)} decisions/s, p50 ${us(base.p50)}, p99 ${us(base.p99)}` },
  ];
  for (const size of sizes.slice(1)) {
    const r = m.get(String(size));
    rows.push({
      mode: `${fmtN(size)} vs 10 statements`,
      subject: `${fmtN(size)} stmts`, baseline: '10 stmts',
      subjectOps: r.dps, baselineOps: base.dps, ratio: r.dps / base.dps,
      target: size === 10000 ? 0.1 : undefined,
    });
    rows.push({ line: `  ${fmtN(size)} statements: p50 ${us(r.p50)}, p99 ${us(r.p99)} per decision` });
  }
  const last = m.get('10000');
  rows.push({ line: `dps(10)/dps(10,000) = ${(base.dps / last.dps).toFixed(2)} (linear in statements would be 1000)` });
  const same = m.get(SAME);
  rows.push({
    mode: '10,000 in requested services',
    subject: '10,000 stmts', baseline: '10 stmts',
    subjectOps: same.dps, baselineOps: base.dps, ratio: same.dps / base.dps, target: undefined,
  });
  rows.push({ line: `  10,000 statements in the requested services but naming other actions (worst case for an index by ` +
    `service; first ${sets.at(-1).n} requests): p50 ${us(same.p50)}, p99 ${us(same.p99)} per decision; ` +
    `dps(10)/dps = ${(base.dps / same.dps).toFixed(2)} (index by action: ≈ 3 or less)` });
  return rows;
}

// ---------------------------------------------------------------- sections

export const POLICY_SECTIONS = [
  {
    name: 'policy-vs-cedar',
    needsServer: false,
    title: 'policy decisions/s: edge-iam (compiled, cached) vs cedar-wasm (preparsed) on an equivalent policy set, same process',
    subject: 'edge-iam',
    baseline: 'cedar-wasm',
    target: 2,
    run: runVsCedar,
  },
  {
    name: 'policy-growth',
    needsServer: false,
    title: 'policy decisions/s at 10, 100, 1,000 and 10,000 statements (only a fixed few can match the requests)',
    subject: 'N stmts',
    baseline: '10 stmts',
    target: 0.1,
    run: runGrowth,
  },
];

/** For profiling scripts (e.g. `node --cpu-prof` on a loop over one policy set); not used by bench.mjs. */
export const internals = { loadEngine, realisticPolicies, growthPolicies, generateRequests, policyJson, iamRequest, compileIam, GROWTH_ACTIONS, ALL_ACTIONS };
