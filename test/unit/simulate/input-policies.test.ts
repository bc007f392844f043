/**
 * Policies given to the simulator as text are validated in the deployment's partition, as stored policies
 * are (IAM refuses a resource of another partition: `Partition "aws" is not valid for resource "…"`).
 */
import { describe, expect, it } from 'vitest';
import { inputPolicy, PolicyIds } from '../../../src/services/iam/simulate/sources';

const policy = (resource: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: resource }] });

describe('simulator input policies', () => {
  it("accept the deployment's own partition and refuse another", () => {
    const cn = 'arn:aws-cn:iam::123456789012:user/alice';
    expect(inputPolicy(new PolicyIds(), 'aws-cn', policy(cn), 'identity', 'PolicyInputList.1', 'none').doc.statements).toHaveLength(1);
    expect(() => inputPolicy(new PolicyIds(), 'aws', policy(cn), 'identity', 'PolicyInputList.1', 'none')).toThrow(
      `Partition "aws-cn" is not valid for resource "${cn}".`,
    );
    expect(() => inputPolicy(new PolicyIds(), 'aws-cn', policy('arn:aws:iam::123456789012:user/alice'), 'identity', 'PolicyInputList.1', 'none')).toThrow(
      'Partition "aws" is not valid',
    );
  });
});
