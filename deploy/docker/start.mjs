// The image's entry point: `start.mjs <service>` runs services/<service>/src/main.ts (under tsx,
// registered by `node --import tsx`), so one image serves every Deployment of the Helm chart.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SERVICES = ['classifier', 'router', 'model-worker', 'scorer', 'pipeline-advancer'];
const service = process.argv[2];
const main = fileURLToPath(new URL(`../../services/${service}/src/main.ts`, import.meta.url));
if (!SERVICES.includes(service) || !existsSync(main)) {
  process.stderr.write(`start.mjs: the argument must name a service (${SERVICES.join(', ')}), got "${service ?? ''}"\n`);
  process.exit(2);
}
await import(main);
