/**
 * @module The outbox's vocabulary: what an account's object tells the read model (D1) to change.
 *
 * Ops are plain data so they can be stored as JSON in the outbox and replayed any number of times:
 * `put` is an upsert of a whole row keyed by the table's key, `del` removes it. The projector applies
 * them in commit order with the sequence number of the write, so a replay never moves a row backwards.
 * DESIGN.md §1; the tables are described in storage/README.md.
 */

/** The read-model tables the outbox may write. */
export type ReadModelTable = 'accounts' | 'principals' | 'access_keys';

/** A column value of a read-model row. */
export type RowValue = string | number | null;

/** One change to one read-model row. */
export type ProjectionOp =
  | { op: 'put'; table: ReadModelTable; row: Record<string, RowValue> }
  | { op: 'del'; table: ReadModelTable; key: Record<string, RowValue> };

/** The read-model row of a principal (an IAM user today; roles join later). */
export interface PrincipalRow {
  [column: string]: RowValue;
  accountId: string;
  principalId: string;
  type: 'User';
  name: string;
  path: string;
  arn: string;
  /** JSON array of `{Key, Value}`, for aws:PrincipalTag conditions. */
  tags: string;
}

/** The read-model row of an access key: what the data plane needs to verify a signature. */
export interface AccessKeyRow {
  [column: string]: RowValue;
  accessKeyId: string;
  accountId: string;
  /** The user's id, or null for the root user. */
  principalId: string | null;
  status: string;
  secretSealed: string;
  createDate: string;
}

/** The read-model row of an account. */
export interface AccountRow {
  [column: string]: RowValue;
  accountId: string;
  email: string;
  alias: string | null;
  status: string;
  createdAt: string;
}
