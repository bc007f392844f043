/**
 * `npm start` and `npm run deploy` rewrite their own profile section and keep every other one, so a role
 * profile a developer adds to `.iam-dev/config` survives the next start (README "Client notes").
 */
import { describe, expect, it } from 'vitest';

const { upsertSection } = (await import(new URL('../../../scripts/lib/profile-file.mjs', import.meta.url).href)) as {
  upsertSection(text: string, header: string, body: string[], comment?: string): string;
};
const COMMENT = '# generated';
const ours = (port: number) => ['region = us-east-1', `endpoint_url = http://127.0.0.1:${port}`];

describe('upsertSection', () => {
  it('writes a new file with the section', () => {
    expect(upsertSection('', 'profile edge-iam', ours(8787), COMMENT)).toBe(`${COMMENT}\n[profile edge-iam]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:8787\n`);
  });

  it("replaces its own section and keeps the developer's sections, with their comments", () => {
    const before = [
      COMMENT,
      '[profile edge-iam]',
      'region = us-east-1',
      'endpoint_url = http://127.0.0.1:8787',
      'output = json',
      '',
      '# my role profile',
      '[profile edge-iam-dev]',
      'role_arn = arn:aws:iam::123456789012:role/dev',
      'source_profile = edge-iam-admin',
      '',
      '[profile edge-iam-admin]',
      'region = us-east-1',
      '',
    ].join('\n');
    const after = upsertSection(before, 'profile edge-iam', ours(9000), COMMENT);
    expect(after).toBe(
      [
        COMMENT,
        '[profile edge-iam]',
        'region = us-east-1',
        'endpoint_url = http://127.0.0.1:9000',
        '',
        '# my role profile',
        '[profile edge-iam-dev]',
        'role_arn = arn:aws:iam::123456789012:role/dev',
        'source_profile = edge-iam-admin',
        '',
        '[profile edge-iam-admin]',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
    expect(upsertSection(after, 'profile edge-iam', ours(9000), COMMENT)).toBe(after);
  });

  it('adds its section above sections that were there first, and matches the header exactly', () => {
    const text = '[profile edge-iam-dev]\nrole_arn = x\n';
    const after = upsertSection(text, 'profile edge-iam', ours(8787));
    expect(after).toBe('[profile edge-iam]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:8787\n\n[profile edge-iam-dev]\nrole_arn = x\n');
  });

  it('works for credentials files (bare section names)', () => {
    const text = '[edge-iam]\naws_access_key_id = AKIAOLD\n\n[edge-iam-admin]\naws_access_key_id = AKIAADMIN\n';
    expect(upsertSection(text, 'edge-iam', ['aws_access_key_id = AKIANEW'])).toBe('[edge-iam]\naws_access_key_id = AKIANEW\n\n[edge-iam-admin]\naws_access_key_id = AKIAADMIN\n');
  });
});
