/**
 * @module The checks of statements that let a principal pass roles or create service-linked roles on every
 * resource: PASS_ROLE_WITH_* (security warnings) and CREATE_SLR_WITH_* (general warnings). A resource is
 * "with a star" when it is `*` or names every role (`arn:aws:iam::…:role/*`). A PassRole statement with the
 * `iam:PassedToService` condition key, which the warning recommends, is not reported, nor a
 * CreateServiceLinkedRole statement limited by `iam:AWSServiceName` (of the AWS managed policies that grant it
 * on `*`, the reference names as warned exactly those without that key: PowerUserAccess,
 * AWSOrganizationsServiceTrustPolicy).
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import type { FixedIssueCode } from './findings';
import { conditionHasKey } from './conditions';
import { locate, type At, type Run } from './context';
import { globRegExp } from './glob';
import type { ActionSet } from './actions';

/** A statement's parts, as read by validate.ts. */
export interface StatementParts {
  readonly effect: string | undefined;
  readonly action?: { readonly list: At[]; readonly granted: ActionSet[] };
  readonly notAction?: { readonly list: At[] };
  readonly resource?: { readonly list: At[] };
  readonly notResource?: At;
  readonly condition?: At;
}

interface Target {
  readonly action: string;
  readonly codes: {
    readonly star: FixedIssueCode;
    readonly starAction: FixedIssueCode;
    readonly notResource: FixedIssueCode;
    readonly starActionNotResource: FixedIssueCode;
    readonly notActionNotResource: FixedIssueCode;
    readonly starResourceNotAction: FixedIssueCode;
  };
  /** A condition key whose presence answers the warning. */
  readonly answeredBy?: string;
}

const TARGETS: readonly Target[] = [
  {
    action: 'iam:passrole',
    answeredBy: 'iam:PassedToService',
    codes: {
      star: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
      starAction: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE',
      notResource: 'PASS_ROLE_WITH_NOT_RESOURCE',
      starActionNotResource: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
      notActionNotResource: 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE',
      starResourceNotAction: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION',
    },
  },
  {
    action: 'iam:createservicelinkedrole',
    answeredBy: 'iam:AWSServiceName',
    codes: {
      star: 'CREATE_SLR_WITH_STAR_IN_RESOURCE',
      starAction: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE',
      notResource: 'CREATE_SLR_WITH_NOT_RESOURCE',
      starActionNotResource: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
      notActionNotResource: 'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE',
      starResourceNotAction: 'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION',
    },
  },
];

/** `*`, or an IAM role ARN pattern whose name part is `*` (every role of an account, or of every account). */
const isStarResource = (at: At): boolean =>
  at.node.kind === 'string' && (at.node.value === '*' || /^arn:[^:]*:iam::[^:]*:role\/\*$/.test(at.node.value) || /^arn:[^:]*:iam::[^:]*:\*$/.test(at.node.value));

/** Whether a NotAction list leaves `action` allowed (no entry matches it). */
const notActionAllows = (list: At[], action: string): boolean =>
  !list.some((at) => at.node.kind === 'string' && globRegExp(at.node.value).test(action));

/** Reports the PassRole and CreateServiceLinkedRole warnings of one Allow statement. */
export function checkPrivilegedActions(run: Run, st: StatementParts): void {
  if (st.effect !== 'Allow') return;
  for (const t of TARGETS) {
    if (t.answeredBy && conditionHasKey(st.condition, t.answeredBy)) continue;
    const stars = st.resource?.list.filter(isStarResource) ?? [];
    if (st.action) {
      const exact = st.action.list.filter((at, i) => at.node.kind === 'string' && at.node.value.toLowerCase() === t.action && st.action!.granted[i] !== undefined);
      const wild = st.action.list.filter((at, i) => {
        const g = st.action!.granted[i];
        return !exact.includes(at) && (g === '*' || (g !== undefined && g.has(t.action)));
      });
      const actionAt = exact[0] ?? wild[0];
      if (!actionAt) continue;
      const starAction = exact.length === 0;
      if (stars.length > 0) run.add(starAction ? t.codes.starAction : t.codes.star, [locate(actionAt), ...stars.map(locate)]);
      else if (st.notResource) run.add(starAction ? t.codes.starActionNotResource : t.codes.notResource, [locate(actionAt), locate(st.notResource)]);
    } else if (st.notAction && notActionAllows(st.notAction.list, t.action)) {
      if (stars.length > 0) run.add(t.codes.starResourceNotAction, stars.map(locate));
      else if (st.notResource) run.add(t.codes.notActionNotResource, [locate(st.notResource)]);
    }
  }
}
