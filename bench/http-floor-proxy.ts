/**
 * The floor of bench:http: a bare Node HTTP proxy in a process of its own, no logic, keep-alive on both
 * sides. Forwards every request to UPSTREAM_PORT on 127.0.0.1 and pipes the answer back as it arrives.
 * Sends `{port}` to its parent once it listens; stops on SIGTERM.
 */
import http from 'node:http';
import { serveToParent } from './child-processes';

const upstreamPort = Number(process.env.UPSTREAM_PORT);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const forward = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  forward.on('error', () => res.destroy());
  req.pipe(forward);
});

serveToParent(server);
