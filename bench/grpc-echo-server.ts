/**
 * The floor of bench:grpc: a bare grpc-js server in its own process (forked; sends `{port}` to its
 * parent once it listens; stops on SIGTERM) answering switchyard.v1.Router's Complete and Route with
 * fixed messages the size of Switchyard's answers, with no logic behind them.
 */
import * as grpc from '@grpc/grpc-js';
import { loadSwitchyardPackage } from '@switchyard/contracts';

const RESULT = JSON.parse(process.env.ECHO_RESULT ?? '{}') as object;
const DECISION = JSON.parse(process.env.ECHO_DECISION ?? '{}') as object;

const server = new grpc.Server();
server.addService(loadSwitchyardPackage().Router.service, {
  Complete: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => callback(null, RESULT),
  Route: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => callback(null, DECISION),
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) throw err;
  process.send?.({ port });
});
const stop = () => server.tryShutdown(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('disconnect', stop);
