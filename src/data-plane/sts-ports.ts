/**
 * @module The STS ports on the Worker: roles and policies from the D1 read model (the role's account's
 * shard), MFA codes consumed by the caller's account object, OneTimeUse SAML assertions consumed by the
 * issuing IdP's replay object (storage/saml-replay-do.ts), tokens sealed with the isolate's SecretBox.
 */
import { AwsError } from '../core/errors';
import { providerUrlOfIssuer } from '../core/jwt/index';
import type { CompiledPolicy } from '../core/policy/index';
import {
  AWS_SAML_AUDIENCES,
  AWS_SAML_RECIPIENT,
  SAML_CLOCK_SKEW_MS,
  samlContext,
  samlFailureToAwsError,
  verifySamlAssertion,
} from '../core/saml/index';
import { sealSessionToken } from '../core/session-token';
import { openAuthorization } from '../services/authorization-message';
import { awsManagedPolicy, isAwsManagedArn } from '../services/iam/aws-managed';
import { PolicyCompileCache } from '../services/policy-set';
import type { RoleView, StsPorts } from '../services/sts/ports';
import { compileTrust } from '../services/trust-policy';
import { partitionOf } from '../env';
import { ensureAwsManagedCatalog } from '../storage/aws-managed-catalog';
import { findOidcProviderByUrl, findSamlProviderMetadata } from '../storage/identity-providers';
import { findRoleByArn, managedPolicyExists, principalTags, readModelFor } from '../storage/read-model';
import { samlReplayStub } from '../storage/saml-replay-do';
import { issuerOfToken, noOidcProviderError, verifyWebIdentityToken, webIdentityContext } from './web-identity';
import { authenticatorFor, type Authenticated } from './authenticate';
import { dataPlanePoliciesFor } from './caller-policies';
import type { Edge } from './edge';

/** Trust policies compiled per isolate (keyed by role and document text). */
const trustPolicies = new WeakMap<object, PolicyCompileCache>();

/** Builds the ports for one STS request. */
export function stsPorts(c: Edge, auth: Authenticated | null, nowMs: number, bookmark: string | null): StsPorts {
  const env = c.env;
  const partition = partitionOf(env);
  const session = (accountId: string) => readModelFor(env, accountId).withSession(bookmark ?? 'first-unconstrained');
  const stub = (accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
  let trust = trustPolicies.get(env);
  if (!trust) trustPolicies.set(env, (trust = new PolicyCompileCache()));
  const trustCache = trust;
  return {
    callerPolicies: () => {
      // INVARIANT: unsigned actions (web identity, SAML) never ask for a caller's policies.
      if (!auth) throw new Error('callerPolicies called for an unsigned request');
      return dataPlanePoliciesFor(env).of(auth, nowMs, bookmark);
    },
    async findRole(accountId, roleArn): Promise<RoleView | undefined> {
      // A closing account's roles cannot be assumed, and a session is minted for the incarnation the role
      // row belongs to (its account row is read in the same statement), which must be the account's live
      // one (data-plane/account-state.ts). Presenting it makes an isolate that cached an earlier incarnation read
      // again, rather than stamp a new tenant's session with the old tenant's incarnation; a lagging
      // replica's row of an earlier incarnation is refused (security review L1).
      const row = await findRoleByArn(session(accountId), accountId, roleArn);
      if (!row || row.trustPolicy === null || row.account?.status !== 'active') return undefined;
      const live = await authenticatorFor(env).liveAccount(accountId, nowMs, bookmark, row.account.createdAt);
      if (!live || live.createdAt !== row.account.createdAt) return undefined;
      return {
        accountId,
        accountCreatedAt: live.createdAt,
        roleId: row.principalId,
        roleName: row.name,
        path: row.path,
        arn: row.arn,
        trustPolicy: row.trustPolicy,
        trustBindings: row.trustBindings,
        maxSessionDuration: row.maxSessionDuration ?? 3600,
        tags: principalTags(row.tags),
      };
    },
    compileTrust(role): CompiledPolicy | null {
      return compileTrust(trustCache, role);
    },
    async policyExists(accountId, policyArn) {
      if (isAwsManagedArn(policyArn)) {
        await ensureAwsManagedCatalog(env.DB, nowMs);
        return awsManagedPolicy(partition, policyArn) !== undefined;
      }
      return managedPolicyExists(session(accountId), accountId, policyArn);
    },
    verifyMfa: (accountId, owner, serialNumber, code) => stub(accountId).consumeMfaCode(owner, serialNumber, code, nowMs),
    async seal(accessKeyId, claims) {
      return sealSessionToken(await authenticatorFor(env).secretBox(), accessKeyId, claims);
    },
    async verifyWebIdentity(roleAccountId, token) {
      // The provider is found (in the role's account) before anything is fetched, so a token can never make
      // the service fetch keys from an issuer nobody registered.
      const iss = issuerOfToken(token);
      if (iss === undefined) throw new AwsError('InvalidIdentityToken', 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.', 400);
      const url = providerUrlOfIssuer(iss);
      const provider = url === undefined ? undefined : await findOidcProviderByUrl(session(roleAccountId), roleAccountId, url);
      if (!provider) throw noOidcProviderError(iss);
      const identity = await verifyWebIdentityToken(env, token, provider.url, provider.clientIds, nowMs);
      return {
        providerArn: provider.arn,
        issuer: identity.issuer,
        subject: identity.subject,
        audience: identity.audience,
        context: webIdentityContext(provider.url, identity.claims),
        claims: identity.claims,
      };
    },
    async verifySaml({ roleAccountId, providerArn, roleArn, assertion }) {
      const metadata = await findSamlProviderMetadata(session(roleAccountId), roleAccountId, providerArn);
      if (metadata === undefined) throw new AwsError('InvalidIdentityToken', `SAML provider ${providerArn} does not exist.`, 400);
      const verified = await verifySamlAssertion({
        samlResponseBase64: assertion,
        metadataXml: metadata,
        providerArn,
        roleArn,
        accountId: roleAccountId,
        nowMs,
        audiences: AWS_SAML_AUDIENCES,
        recipient: AWS_SAML_RECIPIENT,
      });
      if (!verified.ok) throw samlFailureToAwsError(verified.error);
      const a = verified.value;
      if (a.oneTimeUse) {
        // OneTimeUse (SAML 2.0 core §2.5.1.5): the IdP's replay object (its entityID, which the verifier
        // matched with the provider's metadata) remembers the ID for as long as the verifier would accept the
        // assertion (NotOnOrAfter plus the clock skew), across isolates, providers and accounts: an assertion
        // naming roles under several providers or accounts that trust the IdP is still accepted once.
        const used = await samlReplayStub(env.SAML_REPLAY, a.issuer).consume(a.assertionId, a.notOnOrAfterMs + SAML_CLOCK_SKEW_MS, nowMs);
        if (used === 'replayed') throw samlFailureToAwsError({ reason: 'replayed', detail: 'OneTimeUse assertion already used' });
      }
      return { assertion: a, context: samlContext(a) };
    },
    async openAuthorizationMessage(accountId, encoded) {
      // The caller's account and incarnation (authentication found it live): a message of an earlier
      // account with the same id does not open.
      const incarnation = auth?.caller.accountId === accountId ? auth.caller.accountCreatedAt : undefined;
      if (incarnation === undefined) return undefined;
      return openAuthorization(await authenticatorFor(env).secretBox(), accountId, incarnation, encoded);
    },
    roleUsed(accountId, roleId, region) {
      c.executionCtx.waitUntil(stub(accountId).touch({ kind: 'role', roleId, region, atMs: nowMs }).catch(() => undefined));
    },
  };
}
