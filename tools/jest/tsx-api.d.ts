// tsx publishes its API's types through package.json "exports", which moduleResolution "node" does not read.
declare module 'tsx/cjs/api' {
  export { register } from 'tsx/dist/cjs/api/index.cjs';
}
