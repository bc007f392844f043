/**
 * Console sign-in events in the account's trail (CloudTrail User Guide, "AWS Management Console sign-in
 * events"): ConsoleLogin success and failure for IAM and root users, the hidden user name of a name the
 * account does not have, a failed MFA step, SwitchRole in the role's account; never the password.
 */
import { describe, expect, it } from 'vitest';
import { HIDDEN } from '../../src/core/audit/event';
import { fromSource, settledTrail, trailOf } from './audit-support';
import { advanceClock, iamOk, policy } from './support';
import { accountWithRoot, Browser, enableMfa, hidden, ROOT_PW, signedIn, USER_PW, userWithPassword } from './signin-support';

const SIGNIN = fromSource('signin.amazonaws.com');
const LOGIN_TO = 'https://iam.test/console/home';

describe('ConsoleLogin', () => {
  it('an IAM user: success as CloudTrail writes it, a wrong password with the name, an unknown name hidden; no password anywhere', async () => {
    const { accountId, root } = await accountWithRoot();
    await userWithPassword(root, 'anaya');
    const userId = (await iamOk(root, 'GetUser', { UserName: 'anaya' })).User.UserId;
    const b = new Browser('192.0.2.10');
    expect((await b.signIn(accountId, 'anaya', 'Wrong-passw0rd!')).status).toBe(401);
    expect((await b.signIn(accountId, 'nobody', 'Wrong-passw0rd!')).status).toBe(401);
    const ok = await b.signIn(accountId, 'anaya', USER_PW);
    expect(ok.status).toBe(303);

    const [wrong, unknown, success] = await trailOf(accountId, 3, SIGNIN);
    const common = {
      eventVersion: '1.11',
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: 'us-east-1',
      sourceIPAddress: '192.0.2.10',
      userAgent: 'AWS Internal',
      requestParameters: null,
      requestID: expect.any(String),
      eventID: expect.any(String),
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: 'Management',
    };
    expect(success).toEqual({
      ...common,
      userIdentity: { type: 'IAMUser', principalId: userId, arn: `arn:aws:iam::${accountId}:user/anaya`, accountId, userName: 'anaya' },
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { LoginTo: LOGIN_TO, MobileVersion: 'No', MFAUsed: 'No' },
    });
    expect(wrong).toEqual({
      ...common,
      userIdentity: { type: 'IAMUser', principalId: userId, accountId, accessKeyId: '', userName: 'anaya' },
      errorMessage: 'Failed authentication',
      responseElements: { ConsoleLogin: 'Failure' },
      additionalEventData: { LoginTo: LOGIN_TO, MobileVersion: 'No', MFAUsed: 'No' },
    });
    expect(unknown.userIdentity).toEqual({ type: 'IAMUser', accountId, accessKeyId: '', userName: HIDDEN });
    expect(unknown.errorCode).toBeUndefined();
    expect(JSON.stringify([wrong, unknown, success])).not.toMatch(/passw0rd|nobody/);
  });

  it('the root user, and an MFA step that fails then passes', async () => {
    const { accountId, root, email } = await accountWithRoot();
    const rootIdentity = { type: 'Root', principalId: accountId, arn: `arn:aws:iam::${accountId}:root`, accountId, accessKeyId: '' };
    const b = new Browser();
    expect((await b.signIn(accountId, email, 'Wrong-passw0rd!', true)).status).toBe(401);
    await signedIn(accountId, email, ROOT_PW, true);
    await userWithPassword(root, 'dana');
    const code = await enableMfa(root, 'dana');
    advanceClock(90_000);
    const d = new Browser();
    const pending = hidden(await (await d.signIn(accountId, 'dana', USER_PW)).text(), 'pending');
    const good = code();
    expect((await d.post(`/console/${accountId}/mfa`, { csrf: d.csrf, pending, code: good === '000000' ? '111111' : '000000' })).status).toBe(401);
    expect((await d.post(`/console/${accountId}/mfa`, { csrf: d.csrf, pending, code: good })).status).toBe(303);

    const [rootFail, rootOk, mfaFail, mfaOk] = await trailOf(accountId, 4, SIGNIN);
    expect(rootFail).toMatchObject({ userIdentity: rootIdentity, errorMessage: 'Failed authentication', responseElements: { ConsoleLogin: 'Failure' } });
    expect(rootOk).toMatchObject({ userIdentity: rootIdentity, responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' } });
    expect(rootOk.errorMessage).toBeUndefined();
    expect(mfaFail).toMatchObject({ userIdentity: { type: 'IAMUser', userName: 'dana', accessKeyId: '' }, responseElements: { ConsoleLogin: 'Failure' }, additionalEventData: { MFAUsed: 'Yes' } });
    expect(mfaOk).toMatchObject({ userIdentity: { type: 'IAMUser', userName: 'dana', arn: `arn:aws:iam::${accountId}:user/dana` }, responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'Yes' } });
    expect(JSON.stringify([rootFail, rootOk, mfaFail, mfaOk])).not.toContain(good);
  });

  it('an account that does not exist has no trail; a wrong account id records nothing in another', async () => {
    const { accountId, root } = await accountWithRoot();
    await userWithPassword(root, 'anaya');
    const b = new Browser();
    expect((await b.signIn('nosuchalias', 'anaya', USER_PW)).status).toBe(401);
    expect(await settledTrail(accountId, SIGNIN)).toEqual([]);
  });
});

describe('SwitchRole', () => {
  it('records SwitchRole in the role account as the new role session, beside its AssumeRole', async () => {
    const a = await accountWithRoot();
    const b = await accountWithRoot();
    await userWithPassword(a.root, 'admin');
    await iamOk(a.root, 'AttachUserPolicy', { UserName: 'admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    await iamOk(b.root, 'CreateRole', { RoleName: 'viewer', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'sts:AssumeRole' }) });
    const admin = await signedIn(a.accountId, 'admin', USER_PW);
    const home = await (await admin.get('/console/home')).text();
    const res = await admin.post('/console/iam/switch-role', { csrf: hidden(home, 'csrf'), Account: b.accountId, RoleName: 'viewer' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/console/home']);

    const [switched] = await trailOf(b.accountId, 1, SIGNIN);
    const sessionArn = `arn:aws:sts::${b.accountId}:assumed-role/viewer/admin`;
    expect(switched).toMatchObject({
      eventSource: 'signin.amazonaws.com',
      eventName: 'SwitchRole',
      eventType: 'AwsConsoleSignIn',
      userIdentity: {
        type: 'AssumedRole',
        principalId: expect.stringMatching(/^AROA[A-Z2-7]+:admin$/),
        arn: sessionArn,
        accountId: b.accountId,
        accessKeyId: expect.stringMatching(/^ASIA/),
        sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${b.accountId}:role/viewer`, accountId: b.accountId, userName: 'viewer' }, attributes: { mfaAuthenticated: 'false' } },
      },
      responseElements: { SwitchRole: 'Success' },
      additionalEventData: { SwitchFrom: `arn:aws:iam::${a.accountId}:user/admin`, RedirectTo: LOGIN_TO },
      recipientAccountId: b.accountId,
    });
    const assumed = await trailOf(b.accountId, 1, fromSource('sts.amazonaws.com'));
    expect(assumed[0]).toMatchObject({ eventName: 'AssumeRole', sessionCredentialFromConsole: 'true', userIdentity: { arn: `arn:aws:iam::${a.accountId}:user/admin`, accessKeyId: '' } });
  });
});
