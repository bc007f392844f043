/**
 * services/authz-target.ts, the one builder of authorization targets: every condition key the Service
 * Authorization Reference lists for an IAM action is either filled by it or named, with a reason, as one
 * this service cannot know; and the keys it fills carry the entity's and the request's values.
 */
import { describe, expect, it } from 'vitest';
import { AUTHZ_TABLE } from '../../../src/services/authz-table.gen';
import { targetConditionKeys } from '../../../src/services/authz-resources';
import { buildTarget, isFillableKey, UNKNOWABLE_KEYS } from '../../../src/services/authz-target';

const USER = 'arn:aws:iam::123456789012:user/div/bob';
const BOUNDARY = 'arn:aws:iam::123456789012:policy/boundary';
const tags = [{ key: 'env', value: 'prod' }];

describe('authz-target', () => {
  it('knows or excludes with a reason every key the reference lists for an IAM action', () => {
    const unaccounted: string[] = [];
    for (const [name, entry] of Object.entries(AUTHZ_TABLE.iam.actions)) {
      const types = entry.resources.map((r) => r.type);
      for (const t of types.length ? types : [undefined]) {
        for (const k of targetConditionKeys(`iam:${name}`, t) ?? []) {
          if (!isFillableKey(k) && !(k in UNKNOWABLE_KEYS)) unaccounted.push(`${name} ${k}`);
        }
      }
    }
    expect(unaccounted).toEqual([]);
    for (const [k, reason] of Object.entries(UNKNOWABLE_KEYS)) {
      expect(isFillableKey(k), k).toBe(false);
      expect(reason.length).toBeGreaterThan(10);
    }
  });

  it('adds the resource type keys only for a type the action takes', () => {
    expect(targetConditionKeys('iam:TagUser', 'user')).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'aws:ResourceTag/${TagKey}', 'iam:ResourceTag/${TagKey}']);
    expect(targetConditionKeys('iam:TagUser', 'role')).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys']);
    expect(targetConditionKeys('iam:ListUsers', 'user')).toEqual([]);
    expect(targetConditionKeys('iam:NoSuchAction', 'user')).toBeUndefined();
  });

  it('TagUser carries the request tags, their keys and the user tags', () => {
    const t = buildTarget('iam:TagUser', { type: 'user', arn: USER, tags }, { Tags: [{ Key: 'team', Value: 'red' }] });
    expect(t).toEqual({
      action: 'iam:TagUser',
      resource: USER,
      context: { 'aws:RequestTag/team': 'red', 'aws:TagKeys': ['team'], 'aws:ResourceTag/env': 'prod', 'iam:ResourceTag/env': 'prod' },
    });
  });

  it('UntagUser carries the removed keys as aws:TagKeys, and no request tags', () => {
    const t = buildTarget('iam:UntagUser', { type: 'user', arn: USER }, { TagKeys: ['team'] });
    expect(t.context).toEqual({ 'aws:TagKeys': ['team'] });
  });

  it('iam:PermissionsBoundary: the one the request sets, else the current one, only where listed', () => {
    const user = { type: 'user', arn: USER, permissionsBoundary: BOUNDARY };
    expect(buildTarget('iam:DeleteUserPolicy', user).context).toEqual({ 'iam:PermissionsBoundary': BOUNDARY });
    expect(buildTarget('iam:PutUserPermissionsBoundary', user, { PermissionsBoundary: 'arn:aws:iam::aws:policy/Other' }).context).toEqual({
      'iam:PermissionsBoundary': 'arn:aws:iam::aws:policy/Other',
    });
    expect(buildTarget('iam:GetUser', user).context).toBeUndefined();
  });

  it('iam:PolicyARN for attachments; nothing for an action without a resource', () => {
    expect(buildTarget('iam:AttachGroupPolicy', { type: 'group', arn: 'arn:aws:iam::123456789012:group/g' }, { PolicyArn: BOUNDARY }).context).toEqual({
      'iam:PolicyARN': BOUNDARY,
    });
    expect(buildTarget('iam:GetAccountSummary', undefined)).toEqual({ action: 'iam:GetAccountSummary', resource: '*' });
  });
});

describe('no IAM action builds its target by hand', () => {
  it('no `{ action, resource: … }` literal under src/services/iam: targets come from buildTarget', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk('src/services/iam');
    const handBuilt = files.filter((f) => /\{\s*action(?::[^,}]+)?,\s*resource:/.test(readFileSync(f, 'utf8')));
    expect(handBuilt).toEqual([]);
  });
});
