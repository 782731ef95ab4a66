import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs, object first. Never a phone number, a name or a message body: pass
 * pseudonymous ids (`pseudo(value)`). The redact list is a net for mistakes, not the policy.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { svc: 'maia' },
      redact: {
        paths: ['text', 'body', 'phone', 'name', 'from', 'to', '*.text', '*.body', '*.phone', '*.name', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination(2),
  );
}
