/**
 * The one dispatch table (src/services/dispatch.ts): every action routed to where it runs, and the three
 * action shapes holding actions of any input without a cast while each action's own input stays checked.
 */
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/protocol/query/index';
import type { AccountAction } from '../../src/services/action';
import { routeOf, type ActionRoute } from '../../src/services/dispatch';
import type { IsolateAction, UnsignedAction } from '../../src/services/sts/index';

const STS_ISOLATE = ['GetCallerIdentity', 'GetAccessKeyInfo', 'DecodeAuthorizationMessage', 'AssumeRole', 'GetSessionToken', 'GetFederationToken'];
const STS_UNSIGNED = ['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'];
const nameOf = (route: ActionRoute | undefined) => (route === undefined ? undefined : route.runs === 'account-object' ? route.name : route.action.name);

describe('the dispatch table', () => {
  it('sends every IAM name to the account object, which holds the IAM handlers', () => {
    expect(routeOf('iam', 'CreateUser')).toEqual({ runs: 'account-object', name: 'CreateUser' });
    expect(routeOf('iam', 'NoSuchAction')).toEqual({ runs: 'account-object', name: 'NoSuchAction' });
  });

  it('runs the signed STS actions in the isolate, under their own name', () => {
    for (const name of STS_ISOLATE) {
      const route = routeOf('sts', name);
      expect(route?.runs, name).toBe('isolate');
      expect(nameOf(route)).toBe(name);
    }
  });

  it('runs the federation actions unsigned, and only them', () => {
    for (const name of STS_UNSIGNED) {
      expect(routeOf('sts', name)?.runs, name).toBe('unsigned');
      expect(nameOf(routeOf('sts', name))).toBe(name);
    }
  });

  it('marks exactly the actions that issue credentials (read past the caches)', () => {
    const issuing = STS_ISOLATE.filter((name) => {
      const route = routeOf('sts', name);
      return route?.runs === 'isolate' && route.issuesCredentials;
    });
    expect(issuing).toEqual(['AssumeRole', 'GetSessionToken', 'GetFederationToken']);
  });

  it('routes only operations of the STS model, and nothing for one it does not implement', () => {
    for (const name of [...STS_ISOLATE, ...STS_UNSIGNED]) expect(Object.hasOwn(SERVICES.sts.model.operations, name), name).toBe(true);
    expect(Object.hasOwn(SERVICES.sts.model.operations, 'AssumeRoot')).toBe(true);
    expect(routeOf('sts', 'AssumeRoot')).toBeUndefined();
    expect(routeOf('sts', 'CreateUser')).toBeUndefined();
    expect(routeOf('sts', '__proto__')).toBeUndefined();
    expect(routeOf('sts', 'constructor')).toBeUndefined();
  });
});

describe('the action shapes (checked by `tsc --noEmit`, which covers the tests)', () => {
  it('hold actions of any input in one list, and still check each action against its own input', () => {
    const getThing: AccountAction<{ ThingName: string }, { Name: string }> = {
      name: 'GetThing',
      target: (_ctx, _store, input) => ({ action: 'iam:GetThing', resource: input.ThingName }),
      run: (_ctx, _store, input) => ({ Name: input.ThingName }),
    };
    const misread: AccountAction<{ ThingName: string }> = {
      name: 'GetThing',
      // @ts-expect-error the input has no `UserName`: an action is checked against its own input type.
      target: (_ctx, _store, input) => ({ action: 'iam:GetThing', resource: input.UserName }),
      run: () => undefined,
    };
    const echo: IsolateAction<{ Text: string }> = { name: 'Echo', target: () => null, run: (_ctx, input) => input.Text };
    const federate: UnsignedAction<{ Token: string }> = { name: 'Federate', run: async (_ctx, input) => input.Token };
    // No cast: a registry typed with the defaults (input `unknown`) takes actions of any input.
    const accountActions: AccountAction[] = [getThing, misread];
    const isolateActions: IsolateAction[] = [echo];
    const unsignedActions: UnsignedAction[] = [federate];
    expect([...accountActions, ...isolateActions, ...unsignedActions].map((a) => a.name)).toEqual(['GetThing', 'GetThing', 'Echo', 'Federate']);
  });
});
