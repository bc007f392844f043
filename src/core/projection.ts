/**
 * @module The outbox's vocabulary: what an account's object tells the read model (D1) to change.
 *
 * Ops are plain data so they can be stored as JSON in the outbox and replayed any number of times:
 * `put` is an upsert of a whole row keyed by the table's key, `del` removes it. The projector applies
 * them in commit order with the sequence number of the write, so a replay never moves a row backwards.
 * docs/DESIGN.md §1; the tables are described in storage/README.md.
 */

/** The read-model tables the outbox may write. */
export type ReadModelTable =
  | 'accounts'
  | 'principals'
  | 'access_keys'
  | 'group_members'
  | 'policy_attachments'
  | 'inline_policies'
  | 'managed_policies'
  | 'instance_profiles'
  | 'oidc_providers'
  | 'saml_providers'
  | 'workload_tokens';

/** A column value of a read-model row. */
export type RowValue = string | number | null;

/** One change to one read-model row. */
export type ProjectionOp =
  | { op: 'put'; table: ReadModelTable; row: Record<string, RowValue> }
  | { op: 'del'; table: ReadModelTable; key: Record<string, RowValue> };
