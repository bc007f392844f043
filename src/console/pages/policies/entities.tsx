/**
 * @module The "Entities attached" part of a policy's page: ListEntitiesForPolicy's users, groups and roles,
 * each linking to its own page.
 * Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
 */
import type { WireError } from '../../../storage/account-rpc';
import { ErrorAlert, Section } from '../../ui';

export interface EntitiesOutput {
  PolicyUsers: { UserName: string }[];
  PolicyGroups: { GroupName: string }[];
  PolicyRoles: { RoleName: string }[];
  IsTruncated?: boolean;
}

export const PolicyEntities = (props: { result: EntitiesOutput | WireError }) => {
  if ('code' in props.result) {
    return (
      <Section title="Entities attached" id="entities">
        <ErrorAlert error={props.result} />
      </Section>
    );
  }
  const r = props.result;
  const rows = [
    ...r.PolicyUsers.map((u) => ({ name: u.UserName, type: 'User', href: `/console/iam/users/${encodeURIComponent(u.UserName)}` })),
    ...r.PolicyGroups.map((g) => ({ name: g.GroupName, type: 'Group', href: `/console/iam/groups/${encodeURIComponent(g.GroupName)}` })),
    ...r.PolicyRoles.map((x) => ({ name: x.RoleName, type: 'Role', href: `/console/iam/roles/${encodeURIComponent(x.RoleName)}` })),
  ];
  return (
    <Section title="Entities attached" id="entities">
      {rows.length === 0 ? (
        <p>The policy is not attached to any user, group or role.</p>
      ) : (
        <div class="table-wrap">
          <table id="policy-entities">
            <caption>Users, groups and roles with the policy attached{r.IsTruncated ? ' (the first 1,000)' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Entity</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr>
                  <td>
                    <a href={e.href}>{e.name}</a>
                  </td>
                  <td>{e.type}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
};
