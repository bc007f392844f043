/**
 * @module The console's small building blocks: AWS errors as the API words them, notices, labelled
 * fields, one-button forms with their CSRF token, and "next page" links that carry IAM's `Marker`.
 * Hono JSX escapes every value these render.
 */
import type { Child } from 'hono/jsx';
/** An error as the API answers it: AWS's code and message. */
type WireError = { code: string; message: string };

/** An action's refusal or failure, with AWS's code and message (the same words the API answers). */
export const ErrorAlert = (props: { error?: Pick<WireError, 'code' | 'message'> | undefined }) =>
  props.error ? (
    <div class="alert error" role="alert">
      <strong>{props.error.code}</strong>: <span class="message">{props.error.message}</span>
    </div>
  ) : null;

/** A success notice (a live region, so screen readers announce it). */
export const Notice = (props: { message?: string | undefined }) =>
  props.message ? (
    <div class="alert notice" role="status">
      {props.message}
    </div>
  ) : null;

/** The hidden CSRF field every console form carries. */
export const Csrf = (props: { token: string }) => <input type="hidden" name="csrf" value={props.token} />;

/** A labelled text input (`id` is also the field's name unless `name` is given). */
export const Field = (props: {
  id: string;
  label: string;
  name?: string;
  value?: string | undefined;
  type?: string;
  required?: boolean;
  maxlength?: number;
  pattern?: string;
  autocomplete?: string;
  hint?: string;
}) => (
  <p class="field">
    <label for={props.id}>{props.label}</label>
    <input
      id={props.id}
      name={props.name ?? props.id}
      type={props.type ?? 'text'}
      value={props.value ?? ''}
      required={props.required}
      maxlength={props.maxlength}
      pattern={props.pattern}
      autocomplete={props.autocomplete}
      aria-describedby={props.hint ? `${props.id}-hint` : undefined}
    />
    {props.hint ? (
      <small id={`${props.id}-hint`} class="hint">
        {props.hint}
      </small>
    ) : null}
  </p>
);

/**
 * A form of one button that posts `fields` to `action` (delete, deactivate, detach...). With `confirm`,
 * the page's script asks before sending; without script the post still works.
 */
export const PostButton = (props: { action: string; csrf: string; label: string; fields?: Record<string, string>; confirm?: string; danger?: boolean }) => (
  <form method="post" action={props.action} class="inline" data-confirm={props.confirm}>
    <Csrf token={props.csrf} />
    {Object.entries(props.fields ?? {}).map(([k, v]) => (
      <input type="hidden" name={k} value={v} />
    ))}
    <button type="submit" class={props.danger ? 'danger' : undefined}>
      {props.label}
    </button>
  </form>
);

/** IAM's pagination as a link: `Marker` from a truncated list becomes the next page's `marker` query. */
export const NextPage = (props: { path: string; marker?: string | undefined; query?: Record<string, string> }) =>
  props.marker ? (
    <p class="pager">
      <a href={`${props.path}?${new URLSearchParams({ ...(props.query ?? {}), marker: props.marker }).toString()}`} rel="next">
        Next page
      </a>
    </p>
  ) : null;

/** A titled section of a page. */
export const Section = (props: { title: string; id?: string; children: Child }) => (
  <section aria-labelledby={`${props.id ?? slug(props.title)}-h`}>
    <h2 id={`${props.id ?? slug(props.title)}-h`}>{props.title}</h2>
    {props.children}
  </section>
);

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** A date as the console shows it (ISO 8601, UTC), or "Never" / "None". */
export const when = (iso: string | Date | undefined | null, none = 'Never'): string =>
  iso === undefined || iso === null ? none : (typeof iso === 'string' ? iso : iso.toISOString()).replace(/\.\d{3}Z$/, 'Z');

/** An entity's tags, each with its remove button (posting `TagKey` to `<base>/tags/remove`). */
export const TagTable = (props: { tableId: string; base: string; csrf: string; tags: ReadonlyArray<{ Key: string; Value: string }> }) => (
  <div class="table-wrap">
    <table id={props.tableId}>
      <caption>Tags ({props.tags.length})</caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.tags.map((t) => (
          <tr>
            <td>{t.Key}</td>
            <td>{t.Value}</td>
            <td>
              <PostButton action={`${props.base}/tags/remove`} csrf={props.csrf} label={`Remove tag ${t.Key}`} fields={{ TagKey: t.Key }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
