/**
 * @module The dashboard at `/console/home`: who is signed in to which account.
 */
import { AppLayout } from '../layout';
import type { ConsoleContext } from '../guard';

export async function dashboard(c: ConsoleContext) {
  const identity = c.get('identity');
  const p = identity.principal;
  return c.html(
    <AppLayout title="Console home" identity={identity} current="/console/home">
      <dl class="facts">
        <dt>Account ID</dt>
        <dd id="account-id">{p.accountId}</dd>
        <dt>Account alias</dt>
        <dd id="account-alias">{p.alias ?? '(none)'}</dd>
        <dt>Signed in as</dt>
        <dd id="principal">{p.userName ?? 'Root user'}</dd>
        <dt>ARN</dt>
        <dd id="arn">{p.arn}</dd>
      </dl>
    </AppLayout>,
  );
}
