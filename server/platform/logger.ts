import type { LoggerOptions } from 'pino';

/**
 * Secrets must never reach a log line: request headers carrying credentials and any field whose
 * name says it is secret are censored wherever they appear.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.secret',
        '*.token',
        '*.smtpUrl',
        '*.SMTP_URL',
        '*.DATABASE_URL',
        '*.apiKey',
        '*.identitySecret',
      ],
      censor: '[redacted]',
    },
  };
}
