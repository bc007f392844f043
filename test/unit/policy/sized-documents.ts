/**
 * Policy documents of an exact size as IAM counts it (characters without white space outside strings,
 * `policySize`), for the size rows of validator-corpus.json. A row names its kind and size; the text is
 * built here so the corpus stays readable. `pretty` adds indentation IAM does not count ("IAM doesn't
 * count white space when calculating the size of a policy", reference_iam-quotas.html).
 */
import { policySize } from '../../../src/core/policy';

export type SizedKind = 'managed' | 'inline' | 'trust';

/** A valid document of `kind` (a trust policy for `trust`) counting exactly `chars` characters. */
export function sizedDocument(kind: SizedKind, chars: number, pretty = false): string {
  const build = (fill: string) =>
    kind === 'trust'
      ? {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': fill } } }],
        }
      : { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket/${fill}` }] };
  const base = policySize(JSON.stringify(build('')));
  if (chars < base) throw new Error(`a ${kind} document counts at least ${base} characters`);
  const doc = build('x'.repeat(chars - base));
  const text = pretty ? JSON.stringify(doc, null, 4) : JSON.stringify(doc);
  if (policySize(text) !== chars) throw new Error('sized document miscounted');
  return text;
}
