/**
 * Which services and actions a last accessed report lists (services/iam/last-accessed/services.ts): those an
 * `Allow` statement's `Action` or `NotAction` covers, among IAM's and STS's actions and the catalog's;
 * `iam:PassRole` never (AWS does not track it).
 */
import { describe, expect, it } from 'vitest';
import { allowedActions, knownServices } from '../../../src/services/iam/last-accessed/services';
import type { PolicyDocRef } from '../../../src/services/policy-set';

const doc = (...Statement: object[]): PolicyDocRef => ({ policyId: 'p', policyType: 'identity', document: JSON.stringify({ Version: '2012-10-17', Statement }) });
const services = knownServices(undefined);
const allowed = (...docs: PolicyDocRef[]) => Object.fromEntries(allowedActions(docs, services));

describe('the services and actions a report lists', () => {
  it('covers wildcards and NotAction, ignores Deny statements and unreadable documents', () => {
    const iamGets = allowed(doc({ Effect: 'Allow', Action: 'iam:Get*User', Resource: '*' }, { Effect: 'Deny', Action: 'sts:*', Resource: '*' }), { ...doc(), document: '{' });
    expect(iamGets).toEqual({ iam: ['GetUser'] });
    const allButIam = allowed(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }));
    expect(Object.keys(allButIam)).toEqual(['sts']);
    expect(allButIam.sts).toContain('AssumeRole');
  });

  it('never lists iam:PassRole', () => {
    expect(allowed(doc({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }))).toEqual({});
    expect(allowed(doc({ Effect: 'Allow', Action: '*', Resource: '*' })).iam).not.toContain('PassRole');
  });
});
