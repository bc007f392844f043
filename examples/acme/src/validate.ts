/**
 * @module Validation of what tenants send acme: ids, names, tags (AWS's tagging rules: "Tagging AWS
 * resources", tag naming limits and requirements), resource policies (size and shape; the policy's own
 * grammar is checked by edge-iam when it decides) and documents.
 */
import { AcmeError } from './errors';

const bad = (message: string) => new AcmeError(400, 'ValidationException', message);

export const PROJECT_ID = /^p-[0-9a-f]{16}$/;
export const DOCUMENT_ID = /^[A-Za-z0-9._-]{1,128}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** Tags per resource (AWS's general limit). */
export const MAX_TAGS = 50;
/** A resource policy's size limit (IAM's limit for a role trust policy is 2,048; S3's bucket policy is 20 KB). */
export const MAX_POLICY_BYTES = 20_480;
/** A document's size limit. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

export function checkProjectId(id: string): string {
  if (!PROJECT_ID.test(id)) throw bad(`The project id ${JSON.stringify(id.slice(0, 64))} is not valid: it must match p-[0-9a-f]{16}.`);
  return id;
}

export function checkDocumentId(id: string): string {
  if (!DOCUMENT_ID.test(id)) throw bad(`The document id ${JSON.stringify(id.slice(0, 64))} is not valid: 1 to 128 of A-Z a-z 0-9 . _ -.`);
  return id;
}

/** `{ "tags": { "key": "value" } }` → the tags, checked; `optional`: a body without `tags` gives {}. */
export function parseTagBody(body: unknown, { optional = false } = {}): Record<string, string> {
  const tags = (body as { tags?: unknown } | null)?.tags;
  if (tags === undefined && optional) return {};
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) throw bad('tags must be an object of tag keys to tag values.');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    if (!TAG_KEY.test(k)) throw bad(`The tag key ${JSON.stringify(k.slice(0, 128))} is not valid.`);
    // aws: is reserved for AWS's own tags (Tagging Best Practices, "Tag naming limits and requirements").
    if (k.toLowerCase().startsWith('aws:')) throw bad('Tag keys beginning with aws: are reserved.');
    if (typeof v !== 'string' || !TAG_VALUE.test(v)) throw bad(`The value of tag ${JSON.stringify(k)} is not valid.`);
    out[k] = v;
  }
  if (Object.keys(out).length > MAX_TAGS) throw bad(`A project has at most ${MAX_TAGS} tags.`);
  return out;
}

/** `?tagKeys=a&tagKeys=b` → the keys (at least one). */
export function parseTagKeys(q: URLSearchParams): string[] {
  const keys = q.getAll('tagKeys');
  if (!keys.length) throw bad('tagKeys is required.');
  if (keys.length > MAX_TAGS) throw bad(`At most ${MAX_TAGS} tag keys.`);
  for (const k of keys) if (!TAG_KEY.test(k)) throw bad(`The tag key ${JSON.stringify(k.slice(0, 128))} is not valid.`);
  return keys;
}

/** A project name: 1 to 128 printable characters. */
export function checkName(name: unknown): string {
  if (typeof name !== 'string' || !/^[^\p{C}]{1,128}$/u.test(name)) throw bad('name must be 1 to 128 printable characters.');
  return name;
}

export function checkVisibility(v: unknown): 'private' | 'public' {
  if (v === undefined) return 'private';
  if (v !== 'private' && v !== 'public') throw bad('visibility must be private or public.');
  return v;
}

/**
 * A resource policy's text, checked for size and shape (a JSON object with `Statement`, each with
 * `Effect` and a `Principal`, as resource-based policies need): the same errors as IAM's
 * MalformedPolicyDocument. The grammar in full is edge-iam's, applied at every decision.
 */
export function checkResourcePolicy(text: string): string {
  const malformed = (why: string) => new AcmeError(400, 'MalformedPolicyDocumentException', why);
  if (new TextEncoder().encode(text).byteLength > MAX_POLICY_BYTES) throw malformed(`The policy exceeds ${MAX_POLICY_BYTES} bytes.`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('Syntax errors in policy.');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw malformed('Syntax errors in policy.');
  const st = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(st) ? st : st ? [st] : [];
  if (!list.length) throw malformed('Missing required field Statement');
  for (const s of list) {
    if (!s || typeof s !== 'object') throw malformed('Syntax errors in policy.');
    const o = s as Record<string, unknown>;
    if (o.Effect !== 'Allow' && o.Effect !== 'Deny') throw malformed('Missing required field Effect');
    if (o.Principal === undefined && o.NotPrincipal === undefined) throw malformed('Missing required field Principal');
  }
  return text;
}
