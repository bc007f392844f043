/**
 * The console dashboard (issue 10 §3): the account, the sign-in URL, GetAccountSummary's counts and the
 * security recommendations, each read as the signed-in principal; refused reads show AWS's message in
 * place of their figures on the same 200 page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SCAN_MAX_USERS } from '../../src/console/pages/unused-keys';
import { advanceClock, iamOk, policy, userWithKey, type Keys } from './support';
import { accountWithRoot, ORIGIN, ROOT_PW, signedIn, USER_PW, userWithPassword } from './signin-support';

const DAY_MS = 86_400_000;

/** The element with `id` (its opening tag and what follows up to the next `</div>`), for focused checks. */
const block = (html: string, id: string) => {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) throw new Error(`no #${id} in page`);
  return html.slice(at, html.indexOf('</div>', at));
};
const stateOf = (html: string, rec: string) => /data-state="(\w+)"/.exec(block(html, `rec-${rec}`))![1];

describe('console dashboard', () => {
  let accountId: string;
  let root: Keys;
  let email: string;

  beforeAll(async () => {
    ({ accountId, root, email } = await accountWithRoot());
    await iamOk(root, 'CreateGroup', { GroupName: 'admins' });
    // Three keys: one never used, one last used 91 days ago, one used since.
    const getUser = policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' });
    const keyed = async (name: string) => {
      const keys = await userWithKey(root, name);
      await iamOk(root, 'PutUserPolicy', { UserName: name, PolicyName: 'get', PolicyDocument: getUser });
      return keys;
    };
    await keyed('never');
    await iamOk(await keyed('used-old'), 'GetUser');
    advanceClock(91 * DAY_MS);
    await iamOk(await keyed('used-recent'), 'GetUser');
    await userWithPassword(root, 'viewer');
    // May read the summary, the policy and the users, but no one's access keys.
    await userWithPassword(root, 'lister');
    const reads = policy({ Effect: 'Allow', Action: ['iam:GetAccountSummary', 'iam:GetAccountPasswordPolicy', 'iam:ListUsers'], Resource: '*' });
    await iamOk(root, 'PutUserPolicy', { UserName: 'lister', PolicyName: 'reads', PolicyDocument: reads });
  });

  it("shows the root user the account, the sign-in URL, the summary's counts and what to fix", async () => {
    const b = await signedIn(accountId, email, ROOT_PW, true);
    const res = await b.get('/console/home');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`<dd id="account-id">${accountId}</dd>`);
    expect(html).toContain('<dd id="account-alias">(none)</dd>');
    expect(html).toContain(`<a id="sign-in-url" href="${ORIGIN}/console/${accountId}">`);
    expect(html).toContain(`<dd id="arn">arn:aws:iam::${accountId}:root</dd>`);
    const summary = (await iamOk(root, 'GetAccountSummary')).SummaryMap.entry as Array<{ key: string; value: string }>;
    const users = summary.find((e) => e.key === 'Users')!.value;
    expect(users).toBe('5');
    expect(html).toContain(`<div class="n" id="count-Users">${users}</div>`);
    expect(html).toContain('<div class="n" id="count-Groups">1</div>');
    expect(html).toContain('of 5,000 allowed');
    // A new account: no root MFA, the operator's root key, no password policy.
    expect([stateOf(html, 'root-mfa'), stateOf(html, 'root-keys'), stateOf(html, 'password-policy'), stateOf(html, 'unused-keys')]).toEqual(['todo', 'todo', 'todo', 'todo']);
    expect(html).toContain('Recommended: Add MFA for root user');
    expect(html).toContain('Recommended: Deactivate or delete access keys for root user');
    const table = html.slice(html.indexOf('<table id="unused-keys">'), html.indexOf('</table>'));
    expect(table).toContain('/console/iam/users/never/security-credentials');
    expect(table).toContain('/console/iam/users/used-old/security-credentials');
    expect(table).not.toContain('used-recent');
    expect(table).toContain('<td>Never</td>');
  });

  it('turns each recommendation to Done once it is done, and builds the sign-in URL from the alias', async () => {
    const { accountId: id, root: r, email: e } = await accountWithRoot();
    const b = await signedIn(id, e, ROOT_PW, true);
    const alias = `dash-${id}`;
    await iamOk(r, 'CreateAccountAlias', { AccountAlias: alias });
    await iamOk(r, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '12' });
    const key = (await iamOk(r, 'ListAccessKeys')).AccessKeyMetadata.member[0].AccessKeyId;
    await iamOk(r, 'DeleteAccessKey', { AccessKeyId: key });
    const html = await (await b.get('/console/home')).text();
    expect(html).toContain(`<dd id="account-alias">${alias}</dd>`);
    expect(html).toContain(`<a id="sign-in-url" href="${ORIGIN}/console/${alias}">`);
    expect([stateOf(html, 'root-keys'), stateOf(html, 'password-policy'), stateOf(html, 'unused-keys')]).toEqual(['ok', 'ok', 'ok']);
    expect(html).toContain('Done: Root user has no active access keys');
    // The root user's MFA can only be added in the console (EnableMFADevice needs a UserName), not yet built.
    expect(stateOf(html, 'root-mfa')).toBe('todo');
  });

  it("shows a user without permissions AWS's refusals in place of the figures, on the same page", async () => {
    const b = await signedIn(accountId, 'viewer', USER_PW);
    const res = await b.get('/console/home');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`<dd id="principal">viewer</dd>`);
    const denied = (action: string) =>
      `User: arn:aws:iam::${accountId}:user/viewer is not authorized to perform: iam:${action} on resource: `;
    expect(html).not.toContain('id="count-Users"');
    expect(html).toContain(`<strong>AccessDenied</strong>: <span class="message">${denied('GetAccountSummary')}`);
    expect(html).toContain(denied('GetAccountPasswordPolicy'));
    expect(html).toContain(denied('ListUsers'));
    expect([stateOf(html, 'root-mfa'), stateOf(html, 'root-keys'), stateOf(html, 'password-policy'), stateOf(html, 'unused-keys')]).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });

  it("says whose keys it could not read when ListAccessKeys is refused, and still shows what it may read", async () => {
    const b = await signedIn(accountId, 'lister', USER_PW);
    const html = await (await b.get('/console/home')).text();
    expect(html).toContain('<div class="n" id="count-Users">5</div>');
    expect(stateOf(html, 'password-policy')).toBe('todo');
    expect(stateOf(html, 'unused-keys')).toBe('unknown');
    expect(html).toContain('The keys of 5 of 5 users could not be read:');
    expect(html).toContain(`User: arn:aws:iam::${accountId}:user/lister is not authorized to perform: iam:ListAccessKeys on resource: `);
  });

  it(`checks the keys of the first ${SCAN_MAX_USERS} users only, and says so`, async () => {
    const { accountId: id, root: r, email: e } = await accountWithRoot();
    await Promise.all(Array.from({ length: SCAN_MAX_USERS + 1 }, (_, i) => iamOk(r, 'CreateUser', { UserName: `u${String(i).padStart(2, '0')}` })));
    // The last user by name is past the page: its never-used key is not listed.
    await iamOk(r, 'CreateAccessKey', { UserName: 'u00' });
    await iamOk(r, 'CreateAccessKey', { UserName: `u${SCAN_MAX_USERS}` });
    const b = await signedIn(id, e, ROOT_PW, true);
    const html = await (await b.get('/console/home')).text();
    expect(html).toContain(`Checked the first ${SCAN_MAX_USERS} users by name; the account has more.`);
    expect(html).toContain('/console/iam/users/u00/security-credentials');
    expect(html).not.toContain(`/console/iam/users/u${SCAN_MAX_USERS}/security-credentials`);
  });
});
