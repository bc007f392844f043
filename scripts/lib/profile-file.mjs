/**
 * @module Rewrites one section of an AWS shared config or credentials file and keeps every other
 * section as it was, so the profiles a developer adds beside the generated one (a `role_arn` profile, an
 * IAM user's keys) survive every `npm start`. Sections are `[name]` lines; a section runs to the next one.
 */

/**
 * `text` with section `[header]` replaced by `[header]` + `body` lines (added at the top when absent).
 * @param {string} text the file's current content ('' when new)
 * @param {string} header e.g. `profile edge-iam` (config) or `edge-iam` (credentials)
 * @param {string[]} body `key = value` lines
 * @param {string} [comment] a `# …` line written above the section
 */
export function upsertSection(text, header, body, comment) {
  const lines = text.split(/\r?\n/);
  const out = [];
  let skipping = false;
  /** Comment lines at the end of the skipped section: they introduce the next one, so they stay. */
  let pending = [];
  for (const line of lines) {
    const m = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (m) {
      const ours = m[1].trim() === header;
      if (skipping && !ours) out.push(...pending);
      pending = [];
      skipping = ours;
    }
    if (!skipping) out.push(line);
    else if (/^\s*[#;]/.test(line)) pending.push(line);
    else if (line.trim() !== '') pending = [];
  }
  // The generated comment above the old section is part of it: drop it with the section.
  const rest = out.join('\n').replace(comment ? new RegExp(`^${escape(comment)}\\n?`, 'm') : /$^/, '').replace(/^\s+/, '');
  const section = [...(comment ? [comment] : []), `[${header}]`, ...body].join('\n') + '\n';
  return rest.trim() ? `${section}\n${rest.replace(/\s+$/, '')}\n` : section;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
