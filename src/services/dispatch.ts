/**
 * @module Every action the Query API answers, by service and Action name, and where it runs: the one
 * dispatch table. http/query-endpoint.ts routes each request by {@link routeOf} before anything else.
 *
 * Three action shapes, one per place an action runs, because each place hands its actions different things:
 *
 * - `AccountAction` (./action.ts), every IAM action: run by the caller's account object
 *   (storage/account/execute.ts). `target` and `run` are synchronous and share one SQLite transaction with
 *   the authorization that guards them, so a check and the write it guards see one state; they are given
 *   the object's store. The object builds its registry with its own SecretBox and foreign-principal reader
 *   (`iamActions`, services/iam/index.ts, lists them), so this table sends every IAM name to the object,
 *   which answers InvalidAction for a name it lacks (recording the key's use, as for any call it refuses).
 * - `IsolateAction` (./sts/index.ts), the signed STS actions: answered in the Worker isolate from the D1
 *   read model through the StsPorts (./sts/ports.ts), asynchronously (sealing tokens, consuming MFA codes in
 *   the object), holding no transaction, after authorization against the caller's policies there
 *   (data-plane/run-sts.ts). `target` may be null: AssumeRole is authorized by the role's trust policy,
 *   GetCallerIdentity needs no permission.
 * - `UnsignedAction` (./sts/index.ts), AssumeRoleWithWebIdentity and AssumeRoleWithSAML: no SigV4 and no
 *   caller (the identity provider's token or assertion is the proof), so nothing is authorized before they
 *   run and their context has no caller.
 *
 * Spec: STS API Reference, "Actions"; IAM API Reference, "Actions".
 */
import {
  AssumeRole,
  AssumeRoleWithSAML,
  AssumeRoleWithWebIdentity,
  DecodeAuthorizationMessage,
  GetAccessKeyInfo,
  GetCallerIdentity,
  GetFederationToken,
  GetSessionToken,
  type IsolateAction,
  type UnsignedAction,
} from './sts/index';

/** Where an action runs, and what its runner there needs. */
export type ActionRoute =
  /** IAM: the caller's account object, which looks the action up by `name` in its registry. */
  | { readonly runs: 'account-object'; readonly name: string }
  /**
   * Signed STS, in the isolate. `issuesCredentials`: decided on the read model's current state, past the
   * isolate's caches (http/query-endpoint.ts), so a session outlives its issuer's revocation only by what the
   * read model has not yet been told, never by a cache's TTL.
   */
  | { readonly runs: 'isolate'; readonly action: IsolateAction; readonly issuesCredentials: boolean }
  /** Unsigned STS, in the isolate, before any authentication. */
  | { readonly runs: 'unsigned'; readonly action: UnsignedAction };

const isolate = (action: IsolateAction, issuesCredentials = false): ActionRoute => ({ runs: 'isolate', action, issuesCredentials });
const unsigned = (action: UnsignedAction): ActionRoute => ({ runs: 'unsigned', action });

/** The STS actions, by name. */
const STS_ROUTES: ReadonlyMap<string, ActionRoute> = new Map(
  [
    isolate(GetCallerIdentity),
    isolate(GetAccessKeyInfo),
    isolate(DecodeAuthorizationMessage),
    isolate(AssumeRole, true),
    isolate(GetSessionToken, true),
    isolate(GetFederationToken, true),
    unsigned(AssumeRoleWithWebIdentity),
    unsigned(AssumeRoleWithSAML),
  ].map((route) => [route.runs === 'account-object' ? route.name : route.action.name, route]),
);

/** Where `name` of `service` runs; undefined for an STS action this service does not implement. */
export function routeOf(service: 'iam' | 'sts', name: string): ActionRoute | undefined {
  if (service === 'iam') return { runs: 'account-object', name };
  return STS_ROUTES.get(name);
}
