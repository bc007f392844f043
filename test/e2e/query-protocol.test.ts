/**
 * AWS Query protocol edges over real HTTP, signed with aws4fetch and read with an independent XML parser:
 * unknown actions and versions, missing authentication, oversized bodies, validation messages, the
 * credential scope's service, and the request id in header and body.
 */
import { request as httpRequest } from 'node:http';
import { CreateUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { awsFetch, createAccountWithRootKeys, endpoint, iamClient, queryAction, type Credentials } from './support/clients';
import { awsErrorOf, expectSdkError, parseXml, sdkError } from './support/aws';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let accountId: string;
let root: Credentials;

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
});

/** POSTs a raw form body signed with aws4fetch for `service` (the Version is the caller's). */
function signedPost(body: string, service: 'iam' | 'sts' = 'iam'): Promise<Response> {
  return awsFetch(root, service).fetch(`${endpoint()}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
}

describe('actions and versions', () => {
  it('answers an unknown IAM Action with 400 InvalidAction as <ErrorResponse> XML', async () => {
    const res = await signedPost('Action=Frobnicate&Version=2010-05-08');
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const err = await awsErrorOf(res);
    expect({ status: err.status, type: err.type, code: err.code, message: err.message }).toEqual({
      status: 400,
      type: 'Sender',
      code: 'InvalidAction',
      message: 'Could not find operation Frobnicate for version 2010-05-08',
    });
  });

  it('answers an unknown STS Action with 400 InvalidAction', async () => {
    const err = await awsErrorOf(await signedPost('Action=Frobnicate&Version=2011-06-15', 'sts'));
    expect([err.status, err.code, err.message]).toEqual([400, 'InvalidAction', 'Could not find operation Frobnicate for version 2011-06-15']);
  });

  it('answers a real IAM Action under a wrong Version with 400 InvalidAction', async () => {
    const err = await awsErrorOf(await signedPost('Action=ListUsers&Version=2012-01-01'));
    expect([err.status, err.code, err.message]).toEqual([400, 'InvalidAction', 'Could not find operation ListUsers for version 2012-01-01']);
    // The STS version does not have IAM's actions either.
    const sts = await awsErrorOf(await signedPost('Action=ListUsers&Version=2011-06-15', 'sts'));
    expect([sts.status, sts.code]).toEqual([400, 'InvalidAction']);
  });

  it('answers a request without Version with 400 InvalidAction naming NO_VERSION_SPECIFIED', async () => {
    const err = await awsErrorOf(await signedPost('Action=ListUsers'));
    expect([err.status, err.code, err.message]).toEqual([
      400,
      'InvalidAction',
      'Could not find operation ListUsers for version NO_VERSION_SPECIFIED',
    ]);
  });

  it('refuses an IAM action signed for the sts service with SignatureDoesNotMatch naming the right service', async () => {
    const err = await awsErrorOf(await signedPost('Action=ListUsers&Version=2010-05-08', 'sts'));
    expect([err.status, err.code, err.message]).toEqual([403, 'SignatureDoesNotMatch', "Credential should be scoped to correct service: 'iam'. "]);
  });
});

describe('authentication', () => {
  it('answers an unsigned request with 403 MissingAuthenticationToken', async () => {
    const res = await fetch(`${endpoint()}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListUsers&Version=2010-05-08',
    });
    const err = await awsErrorOf(res);
    expect({ status: err.status, type: err.type, code: err.code, message: err.message }).toEqual({
      status: 403,
      type: 'Sender',
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    });
  });

  it('answers an unsigned GET with 403 MissingAuthenticationToken', async () => {
    const err = await awsErrorOf(await fetch(`${endpoint()}/?Action=GetCallerIdentity&Version=2011-06-15`));
    expect([err.status, err.code]).toEqual([403, 'MissingAuthenticationToken']);
  });
});

describe('limits and validation', () => {
  it('refuses a body over 1 MiB with 413 and an AWS error', async () => {
    const body = `Action=ListUsers&Version=2010-05-08&Padding=${'a'.repeat(1_048_576)}`;
    const res = await signedPost(body);
    expect(res.status).toBe(413);
    const err = await awsErrorOf(res);
    expect(err.code).toBe('RequestEntityTooLarge');
    expect(err.requestId).toBe(err.requestIdHeader);
  });

  it('refuses a chunked body over 1 MiB (no Content-Length) while it is still arriving, and keeps answering', async () => {
    // The attack: a chunked body is read whole before the limit and before authentication. Here the client
    // keeps sending (up to 256 MiB) until it gets an answer; the service must answer at the limit.
    const url = new URL(`${endpoint()}/`);
    let sent = 0;
    const started = Date.now();
    // A server that answers before reading a body closes the connection on the rest of it; the client may
    // then see the reset before it has read the answer (TCP discards what it had not read). Either is a
    // refusal at the limit; the worker tests (body-limits.test.ts) check the 413 itself in every case.
    const answer = await new Promise<{ status: number; body: string; reset?: boolean }>((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: '/', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          res.on('error', reject);
        },
      );
      req.on('error', (e) => (sent > 1_048_576 ? resolve({ status: 0, body: '', reset: true }) : reject(e)));
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      req.write('Action=ListUsers&Version=2010-05-08&Padding=');
      const pump = () => {
        while (!req.destroyed && sent < 256 * 1_048_576) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end();
      };
      req.once('response', () => (sent = Math.max(sent, 1)));
      pump();
    });
    if (!answer.reset) {
      expect(answer.status).toBe(413);
      expect(/<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1]).toBe('RequestEntityTooLarge');
    }
    expect(sent).toBeLessThan(32 * 1_048_576);
    expect(Date.now() - started).toBeLessThan(45_000);
    // The server still answers (this account never gets a user: every CreateUser of this file is invalid).
    expect((await iamClient(root).send(new ListUsersCommand({}))).Users).toEqual([]);
  });

  it('accepts a body of exactly 1 MiB', async () => {
    const head = 'Action=ListUsers&Version=2010-05-08&Padding=';
    const res = await signedPost(head + 'a'.repeat(1_048_576 - head.length));
    expect(res.status).toBe(200);
    await res.body?.cancel();
  });

  it('shows AWS\'s ValidationError message for a bad user name (raw XML and through the SDK)', async () => {
    const want = "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+";
    const err = await awsErrorOf(await queryAction(root, 'iam', { Action: 'CreateUser', UserName: 'bad name!' }));
    expect({ status: err.status, type: err.type, code: err.code, message: err.message }).toEqual({
      status: 400,
      type: 'Sender',
      code: 'ValidationError',
      message: want,
    });
    const e = await sdkError(iamClient(root).send(new CreateUserCommand({ UserName: 'bad name!' })));
    expectSdkError(e, { name: 'ValidationError', code: 'ValidationError', status: 400, message: want });
  });

  it('reports every violation of a request in one ValidationError', async () => {
    const name = `${'x'.repeat(64)}!`;
    const err = await awsErrorOf(await queryAction(root, 'iam', { Action: 'CreateUser', UserName: name }));
    expect([err.status, err.code]).toEqual([400, 'ValidationError']);
    expect(err.message.startsWith('2 validation errors detected: ')).toBe(true);
    expect(err.message).toContain(`Value '${name}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`);
    expect(err.message).toContain(`Value '${name}' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  });

  it('reports a missing required parameter as "Member must not be null"', async () => {
    const err = await awsErrorOf(await queryAction(root, 'iam', { Action: 'CreateUser' }));
    expect([err.status, err.code, err.message]).toEqual([
      400,
      'ValidationError',
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    ]);
  });

  it('reports MaxItems out of range as a ValidationError', async () => {
    const e = await sdkError(iamClient(root).send(new ListUsersCommand({ MaxItems: 0 })));
    expectSdkError(e, {
      name: 'ValidationError',
      code: 'ValidationError',
      status: 400,
      message: "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
  });
});

describe('request ids', () => {
  it('sends x-amzn-RequestId equal to the body\'s ResponseMetadata/RequestId, new for every request', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await queryAction(root, 'sts', { Action: 'GetCallerIdentity' });
      expect(res.status).toBe(200);
      const header = res.headers.get('x-amzn-requestid');
      const doc = parseXml(await res.text()).GetCallerIdentityResponse;
      expect(doc.GetCallerIdentityResult.Account).toBe(accountId);
      expect(header).toMatch(UUID);
      expect(doc.ResponseMetadata.RequestId).toBe(header);
      ids.add(header!);
    }
    expect(ids.size).toBe(3);
  });

  it('sends x-amzn-RequestId equal to the <ErrorResponse>\'s RequestId', async () => {
    const err = await awsErrorOf(await queryAction(root, 'iam', { Action: 'GetUser', UserName: 'no-such-user' }));
    expect([err.status, err.code]).toEqual([404, 'NoSuchEntity']);
    expect(err.requestIdHeader).toMatch(UUID);
    expect(err.requestId).toBe(err.requestIdHeader);
  });

  it('gives the SDK the same request id in $metadata as in the header', async () => {
    const iam = iamClient(root);
    let header: string | null = null;
    iam.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        header = (out.response as { headers: Record<string, string> }).headers['x-amzn-requestid'] ?? null;
        return out;
      },
      { step: 'deserialize', name: 'captureRequestId' },
    );
    const out = await iam.send(new ListUsersCommand({}));
    expect(header).toMatch(UUID);
    expect(out.$metadata.requestId).toBe(header);
  });
});
