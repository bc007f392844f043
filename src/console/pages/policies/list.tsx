/**
 * @module GET /console/iam/policies: ListPolicies as the signed-in principal, with AWS's Scope filter
 * (All | AWS | Local), a name search and IAM's Marker pagination. The search filters the page IAM answered
 * (the console asks IAM for its largest page, 1,000, while searching), as AWS's console filters its list.
 * Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
 */
import { actQuery } from '../../act-query';
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { ErrorAlert, NextPage, Notice, when } from '../../ui';
import { noticeOf, statusOf } from '../page-kit';

export const POLICIES = '/console/iam/policies';
const SCOPES = ['All', 'AWS', 'Local'] as const;
type Scope = (typeof SCOPES)[number];
const SCOPE_LABEL: Record<Scope, string> = { All: 'All types', AWS: 'AWS managed', Local: 'Customer managed' };
const NOTICES: Record<string, string> = { deleted: 'The policy was deleted.' };
/** The page size without a search (AWS's console shows pages of this order), and IAM's largest page. */
const PAGE = 50;
const SEARCH_PAGE = 1000;

interface ListedPolicy {
  PolicyName: string;
  Arn: string;
  Path: string;
  AttachmentCount: number;
  UpdateDate: string;
}

/** AWS-managed policies live in the `aws` account of the partition (arn:aws:iam::aws:policy/...). */
export const isAwsManaged = (arn: string) => /^arn:[^:]+:iam::aws:policy\//.test(arn);

export async function listPolicies(c: ConsoleContext) {
  const scope: Scope = (SCOPES as readonly string[]).includes(c.req.query('scope') ?? '') ? (c.req.query('scope') as Scope) : 'All';
  const search = (c.req.query('search') ?? '').trim().slice(0, 128);
  const marker = c.req.query('marker');
  const result = await actQuery(c, 'ListPolicies', { Scope: scope, MaxItems: String(search ? SEARCH_PAGE : PAGE), Marker: marker || undefined });
  const out = result.ok ? (result.output as { Policies: ListedPolicy[]; IsTruncated?: boolean; Marker?: string }) : undefined;
  const needle = search.toLowerCase();
  const rows = (out?.Policies ?? []).filter((p) => p.PolicyName.toLowerCase().includes(needle));
  const query: Record<string, string> = { scope, ...(search ? { search } : {}) };
  return c.html(
    <AppLayout title="Policies" identity={c.get('identity')} current={POLICIES}>
      <Notice message={noticeOf(NOTICES, c.req.query('done'))} />
      <p>
        <a href={`${POLICIES}/new`} id="create-policy">
          Create policy
        </a>
      </p>
      <form method="get" action={POLICIES} class="filters" role="search">
        <label for="scope">Filter by type</label>{' '}
        <select id="scope" name="scope">
          {SCOPES.map((s) => (
            <option value={s} selected={s === scope}>
              {SCOPE_LABEL[s]}
            </option>
          ))}
        </select>{' '}
        <label for="search">Search by name</label> <input id="search" name="search" type="search" value={search} maxlength={128} />{' '}
        <button type="submit">Filter</button>
      </form>
      {result.ok ? <PolicyTable rows={rows} searched={search !== ''} /> : <ErrorAlert error={result.error} />}
      <NextPage path={POLICIES} marker={out?.IsTruncated ? out.Marker : undefined} query={query} />
    </AppLayout>,
    statusOf(result.ok ? undefined : result.error),
  );
}

const PolicyTable = (props: { rows: ListedPolicy[]; searched: boolean }) => (
  <div class="table-wrap">
    <table id="policies">
      <caption>{props.searched ? `Policies whose name contains the search (this page of IAM's list): ${props.rows.length}` : `Policies: ${props.rows.length}`}</caption>
      <thead>
        <tr>
          <th scope="col">Policy name</th>
          <th scope="col">Type</th>
          <th scope="col">Attached entities</th>
          <th scope="col">Path</th>
          <th scope="col">Last updated</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((p) => (
          <tr>
            <td>
              <a href={`${POLICIES}/view?${new URLSearchParams({ arn: p.Arn }).toString()}`}>{p.PolicyName}</a>
            </td>
            <td>{isAwsManaged(p.Arn) ? 'AWS managed' : 'Customer managed'}</td>
            <td>{String(p.AttachmentCount)}</td>
            <td>{p.Path}</td>
            <td>{when(p.UpdateDate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
