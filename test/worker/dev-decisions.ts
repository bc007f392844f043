/**
 * TEMPORARY (deleted once the IAM Worker's DecisionEntrypoint is merged): a DecisionService that verifies
 * signatures with core/sigv4 against keys the test registers and decides with a function the test gives,
 * so the middleware is developed against the contract before the real decision path exists.
 */
import type { AuthorizeItem, DecisionResult, DecisionService, Principal, SignedRequest } from '../../src/core/decision/contract';
import { accountOfAccessKeyId, newAccessKeyId, newSecretAccessKey } from '../../src/core/ids';
import { parseSigV4, sigV4FailureToAwsError, verifySigV4 } from '../../src/core/sigv4';

export interface DevKey {
  accessKeyId: string;
  secretAccessKey: string;
  arn: string;
}

export function devKey(accountId: string, name: string): DevKey {
  return { accessKeyId: newAccessKeyId(accountId, 'AKIA'), secretAccessKey: newSecretAccessKey(), arn: `arn:aws:iam::${accountId}:user/${name}` };
}

export function devDecisions(keys: DevKey[], decide: (item: AuthorizeItem, p: Principal) => DecisionResult, nowMs = () => Date.now()): DecisionService & { calls: string[] } {
  const calls: string[] = [];
  const principalOf = (k: DevKey): Principal => ({
    accountId: accountOfAccessKeyId(k.accessKeyId)!,
    arn: k.arn,
    type: 'User',
    userId: 'AIDA' + k.accessKeyId.slice(4, 21),
    userName: k.arn.split('/').pop()!,
    accessKeyId: k.accessKeyId,
    tags: { team: 'red' },
    principalToken: 'dev.' + k.accessKeyId,
  });
  const authn = (r: SignedRequest) => {
    const url = new URL(r.url);
    const request = { method: r.method, path: url.pathname, query: url.search.slice(1), headers: Object.entries(r.headers) };
    const parsed = parseSigV4(request);
    if (!parsed.ok) {
      const e = sigV4FailureToAwsError(parsed.error);
      return { ok: false as const, version: 1, error: { code: e.code, message: e.message, status: e.status } };
    }
    const key = keys.find((k) => k.accessKeyId === parsed.value.accessKeyId);
    if (!key) return { ok: false as const, version: 1, error: { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 } };
    const v = verifySigV4({ request, parsed: parsed.value, secretAccessKey: key.secretAccessKey, bodySha256Hex: r.bodySha256, now: new Date(nowMs()), expectedService: 'acme', expectedRegion: 'us-east-1' });
    if (!v.ok) {
      const e = sigV4FailureToAwsError(v.error);
      return { ok: false as const, version: 1, error: { code: e.code, message: e.message, status: e.status } };
    }
    return { ok: true as const, version: 1, principal: principalOf(key) };
  };
  const who = (caller: { request: SignedRequest } | { principalToken: string }) => {
    if ('request' in caller) return authn(caller.request);
    const key = keys.find((k) => 'dev.' + k.accessKeyId === caller.principalToken);
    return key ? { ok: true as const, version: 1, principal: principalOf(key) } : { ok: false as const, version: 1, error: { code: 'InvalidClientTokenId', message: 'bad token', status: 403 } };
  };
  return {
    calls,
    async authenticate(input) {
      calls.push('authenticate');
      return authn((input.caller as { request: SignedRequest }).request);
    },
    async authorize(input) {
      calls.push('authorize');
      const a = who(input.caller);
      if (!a.ok) return a;
      return { ok: true, version: 1, principal: a.principal, ...decide(input, a.principal) };
    },
    async batchAuthorize(input) {
      calls.push('batchAuthorize');
      const a = who(input.caller);
      if (!a.ok) return a;
      return { ok: true, version: 1, principal: a.principal, results: input.items.map((i) => decide(i, a.principal)) };
    },
    async planResources(input) {
      calls.push('planResources');
      const a = who(input.caller);
      if (!a.ok) return a;
      return { ok: true, version: 1, principal: a.principal, kind: 'Filter', allow: [{ resources: [`arn:aws:acme:us-east-1:${a.principal.accountId}:project/*`] }], deny: [], exact: true };
    },
  };
}
