/**
 * Every operation of the IAM model has an action in the account object's registry (issue 11 §3: "Every
 * other operation of the IAM model answers either its real behaviour or a clean AWS error … never
 * InvalidAction"): the object answers InvalidAction only for a name its registry lacks
 * (storage/account/execute.ts), so a name of the model missing here would answer it.
 */
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../../src/protocol/query/index';
import { iamActions } from '../../../src/services/iam/index';

const never = () => Promise.reject(new Error('not called: only the names are read'));
const registry = iamActions(never, { lookupForeignPrincipals: never }, { claim: never, releaseExcept: never });
const modelOperations = Object.keys(SERVICES.iam.model.operations);

describe('the IAM registry against the IAM model', () => {
  it('has an action for every operation of the model', () => {
    expect(modelOperations.length).toBe(176);
    expect(modelOperations.filter((name) => !registry.has(name))).toEqual([]);
  });

  it('is exactly the model (iamActions throws on a name registered twice)', () => {
    expect(registry.size).toBe(modelOperations.length);
  });

  it('holds only operations of the model', () => {
    expect([...registry.keys()].filter((name) => !Object.hasOwn(SERVICES.iam.model.operations, name))).toEqual([]);
  });
});
