/**
 * `npm start` checks its port before it starts anything (issue 7 §6): with the port taken it stops with a
 * message naming the port and the way out, writes nothing and starts no wrangler; with the port free it goes on.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

interface PortModule {
  assertPortFree(host: string, port: number): Promise<void>;
  PortInUseError: new (...args: never[]) => Error & { port: number };
}
const { assertPortFree, PortInUseError } = (await import(new URL('../../../scripts/lib/port.mjs', import.meta.url).href)) as PortModule;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START = fileURLToPath(new URL('../../../scripts/start.mjs', import.meta.url));

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Listens on an ephemeral port of `host` and returns it (the server is closed after the test). */
async function occupy(host: string): Promise<number> {
  const server = net.createServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'));
  servers.push(server);
  await new Promise<void>((r) => server.listen({ host, port: 0 }, r));
  return (server.address() as net.AddressInfo).port;
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const port = await occupy('127.0.0.1');
  await new Promise((r) => servers.pop()!.close(r));
  return port;
}

describe('assertPortFree', () => {
  it('resolves for a free port, and leaves it free', async () => {
    const port = await freePort();
    await expect(assertPortFree('127.0.0.1', port)).resolves.toBeUndefined();
    await expect(assertPortFree('127.0.0.1', port)).resolves.toBeUndefined();
  });

  it('refuses a port another server listens on, naming it and the PORT way out', async () => {
    const port = await occupy('127.0.0.1');
    const err = await assertPortFree('127.0.0.1', port).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortInUseError);
    expect((err as Error).message).toContain(`127.0.0.1:${port} is already in use (EADDRINUSE)`);
    expect((err as Error).message).toContain(`PORT=${port + 1} npm start`);
  });

  it('refuses a port taken on all interfaces (0.0.0.0), which covers 127.0.0.1', async () => {
    const port = await occupy('0.0.0.0');
    await expect(assertPortFree('127.0.0.1', port)).rejects.toBeInstanceOf(PortInUseError);
  });
});

describe('npm start with its port taken', () => {
  it('exits 1 at once with the message, before writing .dev.vars or starting wrangler', async () => {
    const port = await occupy('127.0.0.1');
    const hadDevVars = existsSync(`${ROOT}.dev.vars`);
    const child = spawn(process.execPath, [START], { cwd: ROOT, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(1);
    expect(out).toContain(`[start] error: 127.0.0.1:${port} is already in use`);
    expect(out).not.toContain('applying local D1 migrations');
    expect(out).not.toContain('is running');
    expect(existsSync(`${ROOT}.dev.vars`)).toBe(hadDevVars);
  }, 20_000);
});
