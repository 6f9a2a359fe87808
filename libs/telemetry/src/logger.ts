import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Paths that never reach a log line: secrets always; prompts and outputs
 * unless the operator turns `telemetry.logPrompts` on.
 */
const SECRET_PATHS = ['apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization'];
const CONTENT_PATHS = ['prompt', '*.prompt', 'messages', '*.messages', 'output', '*.output'];

export interface LoggerOptions {
  service: string;
  level?: string;
  logPrompts?: boolean;
  /** Where to write; stdout by default. Tests pass a stream to read lines back. */
  destination?: pino.DestinationStream;
}

/** JSON logs (pino), one line per event, with the service name on each line. */
export function createLogger(options: LoggerOptions): Logger {
  const redact = options.logPrompts ? SECRET_PATHS : [...SECRET_PATHS, ...CONTENT_PATHS];
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: redact, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
