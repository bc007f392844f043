/** ContextEntries (typed values) → the engine's condition context. */
import { describe, expect, it } from 'vitest';
import { contextFromEntries } from '../../../src/services/iam/simulate/context-entries';

describe('contextFromEntries', () => {
  it('turns scalar types into one value and list types into multivalued keys, normalizing booleans', () => {
    expect(
      contextFromEntries([
        { ContextKeyName: 'aws:username', ContextKeyValues: ['bob'], ContextKeyType: 'string' },
        { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['a', 'b'], ContextKeyType: 'stringList' },
        { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['TRUE'], ContextKeyType: 'boolean' },
        { ContextKeyName: 'x:Flags', ContextKeyValues: ['false', 'True'], ContextKeyType: 'booleanList' },
        { ContextKeyName: 'aws:MultiFactorAuthAge', ContextKeyValues: ['300'], ContextKeyType: 'numeric' },
        { ContextKeyName: 'x:Sizes', ContextKeyValues: ['1', '2.5', '-3e2'], ContextKeyType: 'numericList' },
        { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['203.0.113.7'], ContextKeyType: 'ip' },
        { ContextKeyName: 'x:Nets', ContextKeyValues: ['10.0.0.0/8', '2001:db8::/32'], ContextKeyType: 'ipList' },
        { ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2019-04-25T11:00:00Z'], ContextKeyType: 'date' },
        { ContextKeyName: 'x:Times', ContextKeyValues: ['2019-04-25', '1556190000'], ContextKeyType: 'dateList' },
        { ContextKeyName: 'x:Blob', ContextKeyValues: ['aGVsbG8='], ContextKeyType: 'binary' },
      ]),
    ).toEqual({
      'aws:username': 'bob',
      'aws:TagKeys': ['a', 'b'],
      'aws:SecureTransport': 'true',
      'x:Flags': ['false', 'true'],
      'aws:MultiFactorAuthAge': '300',
      'x:Sizes': ['1', '2.5', '-3e2'],
      'aws:SourceIp': '203.0.113.7',
      'x:Nets': ['10.0.0.0/8', '2001:db8::/32'],
      'aws:CurrentTime': '2019-04-25T11:00:00Z',
      'x:Times': ['2019-04-25', '1556190000'],
      'x:Blob': 'aGVsbG8=',
    });
  });

  it('defaults to string (one value) or stringList (several) without a type, and keeps the last entry of a key', () => {
    expect(
      contextFromEntries([
        { ContextKeyName: 'a:one', ContextKeyValues: ['x'] },
        { ContextKeyName: 'a:two', ContextKeyValues: ['x', 'y'] },
        { ContextKeyName: 'A:ONE', ContextKeyValues: ['z'] },
      ]),
    ).toEqual({ 'a:two': ['x', 'y'], 'A:ONE': 'z' });
    expect(contextFromEntries(undefined)).toEqual({});
  });

  it('refuses values that are not of their type, several values for a scalar type and entries without a name', () => {
    const bad = [
      { ContextKeyName: 'a:b', ContextKeyValues: ['yes'], ContextKeyType: 'boolean' },
      { ContextKeyName: 'a:b', ContextKeyValues: ['ten'], ContextKeyType: 'numeric' },
      { ContextKeyName: 'a:b', ContextKeyValues: ['300.1.2.3'], ContextKeyType: 'ip' },
      { ContextKeyName: 'a:b', ContextKeyValues: ['yesterday'], ContextKeyType: 'date' },
      { ContextKeyName: 'a:b', ContextKeyValues: ['not base64!'], ContextKeyType: 'binary' },
      { ContextKeyName: 'a:b', ContextKeyValues: ['x', 'y'], ContextKeyType: 'string' },
      { ContextKeyName: 'a:b', ContextKeyValues: [], ContextKeyType: 'numeric' },
      { ContextKeyName: 'a:b', ContextKeyValues: ['x'], ContextKeyType: 'float' },
      { ContextKeyValues: ['x'], ContextKeyType: 'string' },
    ];
    for (const e of bad) expect(() => contextFromEntries([e]), JSON.stringify(e)).toThrow(expect.objectContaining({ code: 'InvalidInput' }));
  });
});
