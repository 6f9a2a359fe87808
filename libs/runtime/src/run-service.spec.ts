import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

describe('a service started with a wrong config', () => {
  it('stops at start-up with exit code 2 and a message naming the key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bad-config-'));
    const file = path.join(dir, 'switchyard.yaml');
    writeFileSync(file, 'models: []\npools: []\nrouting:\n  epsilon: -1\n  routes: {}\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'services/router/src/main.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, SWITCHYARD_CONFIG: file },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`router: invalid configuration in ${file}`);
    expect(run.stderr).toMatch(/routing\.epsilon: .*>0/);
    expect(run.stderr).toMatch(/models: .*>=1/);
  });
});
