/**
 * A loopback HTTP server for the log-store fakes (chdbHttp.ts, lokiFake.ts): listens on 127.0.0.1 on a
 * free port, gives its URL, counts the bytes its connections carried, and stops at once, dropping open
 * connections (a fake told to stall keeps one open, and `close()` alone would wait for it).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Bytes on the wire, both ways, over every connection so far (HTTP headers and bodies, as sent: compressed when compressed). */
export interface Traffic {
  connections: number;
  /** Received from clients. */
  bytesIn: number;
  /** Sent to clients. */
  bytesOut: number;
}

/** A started server: its base URL (`http://127.0.0.1:<port>`) and how to stop it. */
export interface LoopbackServer {
  url: string;
  stop(): Promise<void>;
  traffic(): Traffic;
}

/** Start a server answering with `handler` on a free loopback port. */
export async function startLoopbackServer(handler: RequestListener): Promise<LoopbackServer> {
  const server: Server = createServer(handler);
  // Stores keep an idle connection longer than the client does (Loki's http_server_idle_timeout is
  // 120 s, undici's keep-alive 4 s), so the client closes first. Node's 5 s default would close one
  // while a fake that blocks its event loop on a long query keeps a request in it unread: a reset no
  // real store causes.
  server.keepAliveTimeout = 120_000;
  // A closed socket keeps its counters, so the sum over every socket seen is the total.
  const sockets: Socket[] = [];
  server.on('connection', (s: Socket) => sockets.push(s));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    traffic: () => ({
      connections: sockets.length,
      bytesIn: sockets.reduce((n, s) => n + s.bytesRead, 0),
      bytesOut: sockets.reduce((n, s) => n + s.bytesWritten, 0),
    }),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
