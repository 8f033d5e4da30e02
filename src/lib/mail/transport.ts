// How a mail leaves: an interface the worker sends through, and its SMTP
// implementation on nodemailer's pooled transport (kept connections, several
// at once). Tests point it at a real SMTP server on loopback.
import { createTransport } from 'nodemailer';

/** A sender: an address with the display name mail programs show. */
export interface Sender {
  name: string;
  address: string;
}

export interface OutgoingMail {
  /** A configured `Name <address>` as it is, or a name and address nodemailer encodes. */
  from: string | Sender;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Message-ID and the other stored headers (List-Unsubscribe, …). */
  headers: Record<string, string>;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

interface SmtpOptions {
  /** Connections kept open to the relay at once. */
  maxConnections?: number;
}

export function createSmtpTransport(smtpUrl: string, options: SmtpOptions = {}): MailTransport {
  const transporter = createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: 1000,
    // Bounded waits, well inside the worker's claim lease.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      const { 'Message-ID': messageId, ...headers } = mail.headers;
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
        headers,
        // Our HTML holds no remote resources; nodemailer must not fetch anything either.
        disableUrlAccess: true,
        disableFileAccess: true,
      });
    },
    close() {
      transporter.close();
    },
  };
}
