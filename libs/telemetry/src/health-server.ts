import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A readiness probe: resolves true when the dependency is usable. */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Answers a Prometheus scrape. */
export type ScrapeHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/**
 * `/healthz` answers 200 while the process runs; `/readyz` answers 200 only
 * when every named check passes, else 503 with the failing names, so
 * Kubernetes stops sending work to a replica that lost Kafka or Redis;
 * `/metrics` answers a Prometheus scrape when given a handler.
 */
export async function startHealthServer(port: number, checks: Record<string, ReadinessCheck>, scrape?: ScrapeHandler): Promise<HealthServer> {
  const server = http.createServer(async (req, res) => {
    if (req.url === '/metrics' && scrape) {
      scrape(req, res);
      return;
    }
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.url === '/readyz') {
      const failing: string[] = [];
      for (const [name, check] of Object.entries(checks)) {
        const ok = await Promise.resolve()
          .then(check)
          .catch(() => false);
        if (!ok) failing.push(name);
      }
      res.writeHead(failing.length ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: failing.length ? 'unready' : 'ready', failing }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
