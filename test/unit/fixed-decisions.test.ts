/**
 * The requests whose outcome enforcement fixes whatever the policies say (services/fixed-decisions.ts),
 * which the simulator reports the same way: the write sets come from the Service Authorization Reference.
 */
import { describe, expect, it } from 'vitest';
import {
  isServiceLinkedRolePath,
  NO_PERMISSION_ACTIONS,
  POLICY_WRITES,
  protectedTarget,
  ROLE_WRITES,
  TRUST_POLICY_ACTIONS,
} from '../../src/services/fixed-decisions';

describe('fixed decisions', () => {
  it('takes the writes on policies from the reference, those a service-linked role refuses from the model', () => {
    expect([...POLICY_WRITES].sort()).toEqual(
      ['iam:createpolicy', 'iam:createpolicyversion', 'iam:deletepolicy', 'iam:deletepolicyversion', 'iam:setdefaultpolicyversion', 'iam:tagpolicy', 'iam:untagpolicy'],
    );
    for (const a of ['iam:createrole', 'iam:deleterole', 'iam:putrolepolicy', 'iam:attachrolepolicy', 'iam:updateassumerolepolicy', 'iam:putrolepermissionsboundary']) {
      expect(ROLE_WRITES.has(a)).toBe(true);
    }
    // A service-linked role's description and tags may change (IAM User Guide, "Update a service-linked role").
    const allowed = ['iam:getrole', 'iam:listrolepolicies', 'iam:passrole', 'iam:createservicelinkedrole', 'iam:deleteservicelinkedrole', 'iam:tagrole', 'iam:untagrole', 'iam:updaterole', 'iam:updateroledescription'];
    for (const a of allowed) expect(ROLE_WRITES.has(a)).toBe(false);
  });

  it('protects AWS-managed policies and service-linked roles from writes only', () => {
    expect(protectedTarget('iam:DeletePolicy', 'arn:aws:iam::aws:policy/AdministratorAccess')).toBe('aws-managed-policy');
    expect(protectedTarget('iam:TagPolicy', 'arn:aws:iam::aws:policy/service-role/X')).toBe('aws-managed-policy');
    expect(protectedTarget('iam:GetPolicy', 'arn:aws:iam::aws:policy/AdministratorAccess')).toBeUndefined();
    expect(protectedTarget('iam:DeletePolicy', 'arn:aws:iam::123456789012:policy/mine')).toBeUndefined();
    expect(protectedTarget('iam:DeleteRole', 'arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS')).toBe('service-linked-role');
    expect(protectedTarget('iam:GetRole', 'arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS')).toBeUndefined();
    expect(protectedTarget('iam:DeleteRole', 'arn:aws:iam::123456789012:role/service-role/app')).toBeUndefined();
    expect(isServiceLinkedRolePath('/aws-service-role/ecs.amazonaws.com/')).toBe(true);
    expect(isServiceLinkedRolePath('/service-role/')).toBe(false);
  });

  it('names the STS actions that need no permission and those decided with a trust policy', () => {
    expect([...NO_PERMISSION_ACTIONS].sort()).toEqual(['sts:getcalleridentity', 'sts:getsessiontoken']);
    expect(TRUST_POLICY_ACTIONS.has('sts:assumerole')).toBe(true);
  });
});
