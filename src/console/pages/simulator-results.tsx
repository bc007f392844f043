/**
 * @module The policy simulator's results table: one row per action (or per action and resource when
 * resources were given), with IAM's EvalDecision (allowed / explicitDeny / implicitDeny), the statements
 * behind it (the policy and its lines) and the context keys the policies asked for that were not given,
 * as AWS's simulator shows them.
 * Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html
 */
import { Section } from '../ui';

type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';
interface Matched {
  SourcePolicyId: string;
  SourcePolicyType: string;
  StartPosition?: { Line: number; Column: number };
  EndPosition?: { Line: number; Column: number };
}
interface ResourceResult {
  EvalResourceName: string;
  EvalResourceDecision: Decision;
  MatchedStatements: Matched[];
  MissingContextValues: string[];
}
export interface EvaluationResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: Decision;
  MatchedStatements: Matched[];
  MissingContextValues: string[];
  ResourceSpecificResults?: ResourceResult[];
}

/** What each decision means, in the words of AWS's simulator. */
const MEANING: Record<Decision, string> = {
  allowed: 'Allowed',
  explicitDeny: 'Denied: a statement denies it',
  implicitDeny: 'Denied: no statement allows it',
};

interface Row {
  action: string;
  resource: string;
  decision: Decision;
  matched: Matched[];
  missing: string[];
}

const rowsOf = (results: EvaluationResult[]): Row[] =>
  results.flatMap((r) =>
    r.ResourceSpecificResults && r.ResourceSpecificResults.length > 0
      ? r.ResourceSpecificResults.map((x) => ({ action: r.EvalActionName, resource: x.EvalResourceName, decision: x.EvalResourceDecision, matched: x.MatchedStatements, missing: x.MissingContextValues }))
      : [{ action: r.EvalActionName, resource: r.EvalResourceName, decision: r.EvalDecision, matched: r.MatchedStatements, missing: r.MissingContextValues }],
  );

const statementText = (m: Matched) =>
  `${m.SourcePolicyId} (${m.SourcePolicyType})${m.StartPosition && m.EndPosition ? `, lines ${m.StartPosition.Line}–${m.EndPosition.Line}` : ''}`;

export const SimulationResults = (props: { results: EvaluationResult[]; truncated: boolean }) => (
  <Section title="Results" id="results">
    <div class="table-wrap">
      <table id="simulation-results">
        <caption>Simulated decisions{props.truncated ? ' (the first 1,000 actions)' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            <th scope="col">Decision</th>
            <th scope="col">Matched statements</th>
            <th scope="col">Missing context values</th>
          </tr>
        </thead>
        <tbody>
          {rowsOf(props.results).map((r) => (
            <tr>
              <td>{r.action}</td>
              <td>{r.resource}</td>
              <td class={`decision ${r.decision}`}>
                <code>{r.decision}</code> {MEANING[r.decision]}
              </td>
              <td>{r.matched.length === 0 ? 'None' : <ul>{r.matched.map((m) => <li>{statementText(m)}</li>)}</ul>}</td>
              <td>{r.missing.length === 0 ? 'None' : r.missing.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  </Section>
);
