/**
 * @module Is a TCP port free to listen on? `npm start` asks before it starts wrangler: with the port taken,
 * `wrangler dev` would fail or, worse, its health check would reach whatever already answers there (an
 * earlier `npm start`, another dev server) and the script would announce a service that is not its own.
 */
import net from 'node:net';

/** The error `assertPortFree` throws: a sentence for the terminal, with the way out. */
export class PortInUseError extends Error {
  constructor(host, port, cause) {
    super(
      `${host}:${port} is already in use (${cause}). Another server (an earlier npm start?) is listening ` +
        `there: stop it, or choose a free port, e.g. PORT=${port === 65535 ? port - 1 : port + 1} npm start`,
    );
    this.name = 'PortInUseError';
    this.host = host;
    this.port = port;
  }
}

/**
 * Resolves when `host:port` can be listened on (by briefly listening and closing again, without
 * `SO_REUSEPORT`, as workerd listens); rejects with a `PortInUseError` when it is taken or not ours to
 * take (EADDRINUSE, EACCES), and with the system's error otherwise (e.g. EADDRNOTAVAIL).
 */
export function assertPortFree(host, port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (e) => {
      const code = /** @type {NodeJS.ErrnoException} */ (e).code;
      reject(code === 'EADDRINUSE' || code === 'EACCES' ? new PortInUseError(host, port, code) : e);
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
