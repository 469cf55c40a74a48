import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export type ReceivedMail = ParsedMail & { to: string; mailId: string };

/**
 * A real SMTP server on a free port, in this process. `onData` may refuse a message (an error
 * with a responseCode, e.g. 550) or hold it (never answer), to test failures and crashes.
 */
export async function startSmtpServer(
  options: {
    /** Decides the answer to each message once its data arrived: undefined accepts it. */
    answer?: (mail: ReceivedMail) => 'accept' | 'hold' | { code: number; message: string };
  } = {},
) {
  const received: ReceivedMail[] = [];
  const attempts: string[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream: SMTPServerDataStream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = session.envelope.rcptTo.map((r) => r.address).join(',');
          const mailId = String(parsed.headers.get('x-wuzhen-mail-id') ?? '');
          const mail = Object.assign(parsed, { to, mailId });
          attempts.push(mailId);
          const answer = options.answer?.(mail) ?? 'accept';
          if (answer === 'hold') {
            // The server has the whole message but never says so: the sender cannot know.
            received.push(mail);
            for (const w of waiters.splice(0)) w();
            return;
          }
          if (answer === 'accept') {
            received.push(mail);
            for (const w of waiters.splice(0)) w();
            callback();
            return;
          }
          for (const w of waiters.splice(0)) w();
          callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
        })
        .catch((err) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Mail ids of every message whose data arrived, accepted or not. */
    attempts,
    async waitFor(predicate: () => boolean, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('timed out waiting for mail');
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
