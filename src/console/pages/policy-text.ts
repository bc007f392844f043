/**
 * @module Policy documents as the pages show them: IAM answers every document URL-encoded (RFC 3986, IAM
 * API Reference, e.g. GetRole's AssumeRolePolicyDocument: "The policy document returned in this structure
 * is URL-encoded compliant with RFC 3986"), so it is decoded, then indented when it is JSON.
 */

/** A document from an IAM answer, decoded and indented for reading and editing. */
export function readableDocument(encoded: string | undefined): string {
  if (encoded === undefined) return '';
  let text = encoded;
  try {
    text = decodeURIComponent(encoded);
  } catch {
    // Not URL-encoded after all: shown as it came.
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
