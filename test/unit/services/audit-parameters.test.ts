/**
 * Every member of the IAM and STS models whose shape is `sensitive` is hidden in an audit event, wherever
 * it is nested (services/audit/parameters.ts promises it; its list is closed, so a new secret member of a
 * newer model fails here until it is added).
 */
import { describe, expect, it } from 'vitest';
import { HIDDEN } from '../../../src/core/audit/event';
import { IAM_MODEL, STS_MODEL, type ServiceModel } from '../../../src/protocol/query';
import { cloudTrailMembers, SECRET_MEMBERS } from '../../../src/services/audit/parameters';

function sensitiveMembers(model: ServiceModel): { structure: string; member: string }[] {
  const out: { structure: string; member: string }[] = [];
  for (const [structure, shape] of Object.entries(model.shapes)) {
    if (shape.type !== 'structure') continue;
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      if (model.shapes[typeof ref === 'string' ? ref : ref.shape]?.sensitive) out.push({ structure, member });
    }
  }
  return out;
}

describe('secrets in audit events', () => {
  const all = [...sensitiveMembers(IAM_MODEL), ...sensitiveMembers(STS_MODEL)];

  it('finds the models’ secrets (passwords, secret keys, private keys, MFA seeds, tokens, assertions)', () => {
    expect(all.length).toBeGreaterThanOrEqual(17);
    expect(all.map((m) => m.member)).toEqual(expect.arrayContaining(['SecretAccessKey', 'Password', 'PrivateKey', 'Base32StringSeed', 'QRCodePNG', 'ServicePassword', 'SAMLAssertion', 'WebIdentityToken']));
  });

  it.each(all)('hides $structure.$member at the top level, nested and in lists', ({ member }) => {
    const secret = 'S3cr3t-value';
    const value = { [member]: secret, Outer: { [member]: secret, List: [{ [member]: secret }] } };
    const out = cloudTrailMembers(value) as any;
    const name = member[0]!.toLowerCase() + member.slice(1);
    expect(SECRET_MEMBERS.has(name)).toBe(true);
    expect(out[name]).toBe(HIDDEN);
    expect(out.outer[name]).toBe(HIDDEN);
    expect(out.outer.list[0][name]).toBe(HIDDEN);
    expect(JSON.stringify(out)).not.toContain(secret);
  });

  it('hides binary values whatever their name (a QR code PNG)', () => {
    expect(cloudTrailMembers({ Image: new Uint8Array([1, 2, 3]) })).toEqual({ image: HIDDEN });
  });
});
