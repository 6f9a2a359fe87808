/**
 * Where the interop and deployment tests find the clients and checkers this project did not write:
 * the paths scripts/test-tools.sh installs into. A test that needs one calls `testTool(name)`, which
 * fails with the command that installs it instead of skipping: a skipped interop test proves nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const TOOLS = join(ROOT, '.tools');

const TOOL_PATHS = {
  python: join(TOOLS, 'python', 'bin', 'python'),
  'kubernetes-validate': join(TOOLS, 'python', 'bin', 'kubernetes-validate'),
  grpcurl: join(TOOLS, 'go', 'bin', 'grpcurl'),
  helm: join(TOOLS, 'go', 'bin', 'helm'),
  kcat: 'kcat',
  prometheus: 'prometheus',
} as const;

export type TestToolName = keyof typeof TOOL_PATHS;

/** The absolute path (or, for Debian's kcat, the command on PATH) of one tool; throws naming how to install it. */
export function testTool(name: TestToolName): string {
  const path = TOOL_PATHS[name];
  const found = path.includes('/') ? existsSync(path) : onPath(path);
  if (!found) throw new Error(`${name} not found (${path}): run \`bash scripts/test-tools.sh\`, which installs it`);
  return path;
}

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
