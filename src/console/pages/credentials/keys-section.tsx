/**
 * @module The access keys section: each key with its status, creation and last use (ListAccessKeys,
 * GetAccessKeyLastUsed), activate/deactivate (UpdateAccessKey), delete (DeleteAccessKey, offered for
 * inactive keys as AWS's console does: deactivate first, then delete), create (CreateAccessKey), and
 * "rotate" for a user with one key: AWS's documented rotation (IAM User Guide, "Update access keys",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html): create a
 * second key, move applications to it, deactivate the first, then delete it. The new secret is shown once,
 * in the create response, and never again (NewKeyPanel).
 */
import { ErrorAlert, PostButton, Section, when } from '../../ui';
import type { KeyView, Read } from './data';
import type { Subject } from './subject';

/** A key's last use: AWS's N/A when never used, the refusal's code when GetAccessKeyLastUsed is refused. */
const LastUsed = (props: { k: KeyView }) => {
  const u = props.k.lastUsed;
  if (!u.ok) return <td colspan={3}>{`${u.error.code}: ${u.error.message}`}</td>;
  return (
    <>
      <td>{when(u.value.date, 'N/A')}</td>
      <td>{u.value.service}</td>
      <td>{u.value.region}</td>
    </>
  );
};

const KeyRow = (props: { s: Subject; k: KeyView; csrf: string }) => {
  const { s, k, csrf } = props;
  const action = `${s.base}/keys/${encodeURIComponent(k.id)}`;
  const active = k.status === 'Active';
  return (
    <tr>
      <td>
        <code>{k.id}</code>
      </td>
      <td>{k.status}</td>
      <td>{when(k.created)}</td>
      <LastUsed k={k} />
      <td>
        <PostButton action={`${action}/status`} csrf={csrf} label={active ? 'Deactivate' : 'Activate'} fields={{ Status: active ? 'Inactive' : 'Active' }} />
        {active ? null : <PostButton action={`${action}/delete`} csrf={csrf} label="Delete" danger confirm={`Delete access key ${k.id}? This cannot be undone.`} />}
      </td>
    </tr>
  );
};

/** The section of the page. */
export const KeysSection = (props: { s: Subject; keys: Read<KeyView[]>; csrf: string }) => {
  const { s, keys, csrf } = props;
  return (
    <Section title="Access keys" id="access-keys">
      <p>Use access keys to call the IAM API from the AWS CLI or an SDK. A user can have two access keys; to rotate, create the second, move applications to it, then deactivate and delete the first.</p>
      <ErrorAlert error={keys.ok ? undefined : keys.error} />
      {keys.ok ? (
        <div class="table-wrap">
          <table id="access-key-list">
            <caption>Access keys</caption>
            <thead>
              <tr>
                <th scope="col">Access key ID</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Last used service</th>
                <th scope="col">Last used region</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {keys.value.length === 0 ? (
                <tr>
                  <td colspan={7}>No access keys.</td>
                </tr>
              ) : (
                keys.value.map((k) => <KeyRow s={s} k={k} csrf={csrf} />)
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      <PostButton action={`${s.base}/keys`} csrf={csrf} label="Create access key" />
      {keys.ok && keys.value.length === 1 ? <PostButton action={`${s.base}/keys`} csrf={csrf} label="Rotate access key" fields={{ Rotate: keys.value[0]!.id }} /> : null}
    </Section>
  );
};

/** A key just created: the only time its secret is shown. With `rotating`, the next steps of a rotation. */
export const NewKeyPanel = (props: { s: Subject; id: string; secret: string; rotating?: string | undefined; csrf: string }) => (
  <section class="alert warning" aria-labelledby="new-key-h" id="new-key">
    <h2 id="new-key-h">Access key created</h2>
    <p>
      <strong>This is the only time the secret access key can be viewed.</strong> You cannot recover it later: copy it now and store it
      safely. If it is lost, create a new access key and delete this one.
    </p>
    <dl class="facts">
      <dt>Access key ID</dt>
      <dd>
        <code class="secret" id="new-access-key-id">{props.id}</code>
      </dd>
      <dt>Secret access key</dt>
      <dd>
        <code class="secret" id="new-secret-access-key">{props.secret}</code>
      </dd>
    </dl>
    {props.rotating ? (
      <>
        <p>Next steps of the rotation of {props.rotating}:</p>
        <ol id="rotation-steps">
          <li>Update every application and tool that uses {props.rotating} to use the new key {props.id}.</li>
          <li>Check the old key's last use in the table below: when nothing uses it any more, deactivate it (it can be activated again if something breaks).</li>
          <li>When everything works without it, delete the old key.</li>
        </ol>
        <PostButton action={`${props.s.base}/keys/${encodeURIComponent(props.rotating)}/status`} csrf={props.csrf} label={`Deactivate ${props.rotating}`} fields={{ Status: 'Inactive' }} />
      </>
    ) : null}
  </section>
);
