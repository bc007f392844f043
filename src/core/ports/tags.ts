/**
 * @module The one tag port: tags of every taggable kind, in the order set, by the kind and the id its tags
 * are kept under. Keys are unique regardless of case (IAM User Guide, "Tagging IAM resources": "tag keys
 * are case insensitive").
 */
import type { TaggableType, TagRecord } from '../records';

/**
 * Tags of any taggable entity: the id is the user id, role id, policy ARN, instance profile id, MFA serial
 * number or provider ARN. Writing a user's or role's tags also projects its principal (authorization
 * reads them on the data plane).
 */
export interface TagStore {
  /** The entity's tags, in the order set. */
  listTags(type: TaggableType, id: string): TagRecord[];
  /** Replaces an entity's tags with `tags`, in order. */
  replaceTags(type: TaggableType, id: string, tags: readonly TagRecord[]): void;
}
