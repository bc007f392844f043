import { exports, env } from 'cloudflare:workers';
import { it, expect } from 'vitest';
it('answers', async () => {
  const r = await exports.default.fetch('http://x/');
  expect(await r.text()).toBe('ok');
  const s = env.DB.withSession('first-primary');
  await s.prepare('insert into t values (1)').run();
  expect(s.getBookmark()).toBeTruthy();
});
