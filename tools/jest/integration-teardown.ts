/** Jest globalTeardown: stops the containers integration-setup started; local servers stay up. */
export default async function integrationTeardown(): Promise<void> {
  await (globalThis as { stopTestServers?: () => Promise<void> }).stopTestServers?.();
}
