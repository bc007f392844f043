/**
 * @module AWS's global condition context keys: the `aws:` keys any policy may use, with the operator family
 * each works with and whether it is multivalued (a key that is not multivalued is single-valued).
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import type { KeyType } from './service-reference';

/** A global key: its type and whether a request may carry several values for it. */
export interface GlobalKey {
  readonly type: KeyType;
  readonly multivalued: boolean;
}

const single = (type: KeyType): GlobalKey => ({ type, multivalued: false });
const multi = (type: KeyType): GlobalKey => ({ type, multivalued: true });

/** Exact keys, lower-cased (key names are case-insensitive). */
const EXACT: ReadonlyMap<string, GlobalKey> = new Map(
  Object.entries({
    'aws:CalledVia': multi('String'),
    'aws:CalledViaFirst': single('String'),
    'aws:CalledViaLast': single('String'),
    'aws:CurrentTime': single('Date'),
    'aws:Ec2InstanceSourceVpc': single('String'),
    'aws:Ec2InstanceSourcePrivateIPv4': single('IPAddress'),
    'aws:EpochTime': single('Date'),
    'aws:FederatedProvider': single('String'),
    'aws:MultiFactorAuthAge': single('Numeric'),
    'aws:MultiFactorAuthPresent': single('Bool'),
    'aws:PrincipalAccount': single('String'),
    'aws:PrincipalArn': single('ARN'),
    'aws:PrincipalIsAWSService': single('Bool'),
    'aws:PrincipalOrgID': single('String'),
    'aws:PrincipalOrgPaths': multi('String'),
    'aws:PrincipalServiceName': single('String'),
    'aws:PrincipalServiceNamesList': multi('String'),
    'aws:PrincipalType': single('String'),
    'aws:referer': single('String'),
    'aws:RequestedRegion': single('String'),
    'aws:ResourceAccount': single('String'),
    'aws:ResourceOrgID': single('String'),
    'aws:ResourceOrgPaths': multi('String'),
    'aws:SecureTransport': single('Bool'),
    'aws:SourceAccount': single('String'),
    'aws:SourceArn': single('ARN'),
    'aws:SourceIdentity': single('String'),
    'aws:SourceIp': single('IPAddress'),
    'aws:SourceOrgID': single('String'),
    'aws:SourceOrgPaths': multi('String'),
    'aws:SourceVpc': single('String'),
    'aws:SourceVpcArn': single('ARN'),
    'aws:SourceVpce': single('String'),
    'aws:TagKeys': multi('String'),
    'aws:TokenIssueTime': single('Date'),
    'aws:UserAgent': single('String'),
    'aws:userid': single('String'),
    'aws:username': single('String'),
    'aws:ViaAWSService': single('Bool'),
    'aws:VpcSourceIp': single('IPAddress'),
    'aws:VpceAccount': single('String'),
    'aws:VpceOrgID': single('String'),
    'aws:VpceOrgPaths': multi('String'),
    'aws:ARN': single('ARN'),
    // Keys AWS managed policies use that the reference page above does not list (yet, or any more).
    'aws:IsMcpServiceAction': single('Bool'),
    'aws:PrincipalOrgMasterAccountId': single('String'),
  }).map(([k, v]) => [k.toLowerCase(), v]),
);

/** Keys that name a tag after a slash (`aws:PrincipalTag/team`), lower-cased with the slash. */
const TAG_PREFIXES: ReadonlyMap<string, GlobalKey> = new Map([
  ['aws:principaltag/', single('String')],
  ['aws:requesttag/', single('String')],
  ['aws:resourcetag/', single('String')],
]);

/** The global key a name refers to, if any (`aws:PrincipalTag/` with no tag key is none). */
export function globalKey(name: string): GlobalKey | undefined {
  const lc = name.toLowerCase();
  const exact = EXACT.get(lc);
  if (exact) return exact;
  for (const [prefix, key] of TAG_PREFIXES) if (lc.startsWith(prefix) && lc.length > prefix.length) return key;
  return undefined;
}
