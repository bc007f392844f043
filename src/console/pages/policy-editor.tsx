/**
 * @module A policy document editor: a labelled textarea the page's script checks as JSON while typing
 * (`data-json`, status in `#<id>-status`), and IAM's own answer to the last post (MalformedPolicyDocument,
 * ValidationError...) shown right under it, tied to it for screen readers. Without script it is a plain
 * textarea; IAM's validation decides either way.
 */
import type { PageError } from './forms';

export const PolicyEditor = (props: { id: string; name: string; label: string; value: string; error?: PageError | undefined; rows?: number }) => (
  <p class="field">
    <label for={props.id}>{props.label}</label>
    <textarea
      id={props.id}
      name={props.name}
      data-json=""
      rows={props.rows ?? 14}
      spellcheck={false}
      aria-invalid={props.error ? 'true' : undefined}
      aria-describedby={`${props.id}-status${props.error ? ` ${props.id}-error` : ''}`}
    >
      {props.value}
    </textarea>
    <output id={`${props.id}-status`} class="json-status" for={props.id}></output>
    {props.error ? (
      <span id={`${props.id}-error`} class="alert error" role="alert">
        <strong>{props.error.code}</strong>: <span class="message">{props.error.message}</span>
      </span>
    ) : null}
  </p>
);
