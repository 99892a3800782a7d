import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Logger } from 'pino';

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

/**
 * The built-in SMTP receiver. It takes mail only for addresses the e-mail channel knows (so it
 * is no relay and sends no backscatter) and answers 250 only after the message is committed;
 * a failure answers 451, so the sending server tries again and nothing acknowledged is lost.
 */
export async function startSmtpReceiver(opts: {
  port: number;
  host: string;
  domain: string;
  maxBytes: number;
  log: Logger;
  accepts(address: string): Promise<boolean>;
  receive(raw: Buffer, recipients: string[]): Promise<unknown>;
}): Promise<SmtpReceiver> {
  const server = new SMTPServer({
    name: opts.domain,
    banner: 'Baton inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: opts.maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      opts.accepts(address.address).then(
        (ok) => callback(ok ? undefined : smtpError('No such mailbox here', 550)),
        (err: unknown) => {
          opts.log.error({ err }, 'inbound mail: recipient check failed');
          callback(smtpError('Try again later', 451));
        },
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if ((stream as typeof stream & { sizeExceeded?: boolean }).sizeExceeded) return callback(smtpError('Message too large', 552));
        opts.receive(Buffer.concat(chunks), session.envelope.rcptTo.map((r) => r.address)).then(
          () => callback(),
          (err: unknown) => {
            opts.log.error({ err }, 'inbound mail: could not store a message');
            callback(smtpError('Try again later', 451));
          },
        );
      });
    },
  });
  server.on('error', (err) => opts.log.error({ err }, 'inbound SMTP receiver error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
