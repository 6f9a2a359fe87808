// Runs before `npm test`, `npm run demo` and the other entry points (npm's pre-scripts): a Node older than
// package.json's `engines.node` fails here with one line, instead of deep inside a dependency
// (undici 8 under Node 20: "Cannot read properties of undefined (reading 'bind')").
'use strict';
const { engines } = require('../../package.json');
const needed = Number(/\d+/.exec(engines.node)[0]);
const running = Number(process.versions.node.split('.')[0]);
if (running < needed) {
  process.stderr.write(
    `switchyard needs Node ${needed} or later (this is Node ${process.versions.node}): run it through ./switchyardw ` +
      `(e.g. ./switchyardw test), which fetches Node ${needed} into .tools/node, or install Node ${needed}\n`,
  );
  process.exit(1);
}
