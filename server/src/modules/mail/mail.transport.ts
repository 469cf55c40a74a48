import nodemailer from 'nodemailer';
import type { MailTransport } from './mail.service.ts';

/** SMTP through nodemailer, configured by SMTP_URL; the Message-ID names the outbox row. */
export function createSmtpTransport({ smtpUrl, from }: { smtpUrl: string; from: string }): MailTransport & {
  close: () => void;
} {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    // Bounded, so a stuck server ends an attempt well within the claim's lease (5 minutes).
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  const host = (() => {
    try {
      return new URL(smtpUrl).hostname || 'wuzhen-judge';
    } catch {
      return 'wuzhen-judge';
    }
  })();
  return {
    send: (message) =>
      transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${message.mailId}@${host}>`,
        headers: { 'X-Wuzhen-Mail-Id': message.mailId },
      }),
    close: () => transporter.close(),
  };
}
