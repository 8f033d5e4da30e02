// A real SMTP server on loopback for tests (smtp-server), reading what arrives
// with mailparser. It can answer 4xx/5xx for a while, drop connections, go
// down (stop listening) and come back on the same port, or go slowly.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  /** Each header as it was sent (lower-case name → unfolded value). */
  rawHeaders: Map<string, string>;
  raw: string;
}

export interface TestSmtp {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Every delivery attempt that reached DATA (accepted or not). */
  attempts: number;
  /** Answer every message with this code (421, 451, 550 …) until called with null. */
  failWith(code: number | null, message?: string): void;
  /** Cut the connection at MAIL FROM while on. */
  dropConnections(on: boolean): void;
  /** Stop listening (connection refused) / listen again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Wait this long before accepting each message. */
  delayMs: number;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** The first message to `address` with this subject, waited for (20 s unless told). */
  mailTo(address: string, subject: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** The links in a message's text part. */
  linksIn(mail: ReceivedMail): string[];
  stop(): Promise<void>;
}

type SmtpError = Error & { responseCode?: number };

function smtpError(code: number, message: string): SmtpError {
  const error: SmtpError = new Error(message);
  error.responseCode = code;
  return error;
}

export async function startTestSmtp(options: { parse?: boolean } = {}): Promise<TestSmtp> {
  const parse = options.parse ?? true;
  let failure: { code: number; message: string } | null = null;
  let drop = false;
  const state = { attempts: 0, delayMs: 0 };
  const messages: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];

  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onMailFrom(_address, session: SMTPServerSession, callback) {
      if (drop) {
        // Find this session's socket and cut it, as a crashing relay would.
        for (const conn of (server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> })
          .connections) {
          if (conn.id === session.id) conn._socket.destroy();
        }
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.attempts++;
        if (failure) return callback(smtpError(failure.code, failure.message));
        const raw = Buffer.concat(chunks).toString('utf8');
        const finish = async () => {
          if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
          messages.push(parse ? await toReceived(raw) : quickRead(raw));
          for (const wake of waiters.splice(0)) wake();
          callback();
        };
        finish().catch((error: Error) => callback(error));
      });
    },
  });
  server.on('error', () => {});

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const netServer = (server as unknown as { server: import('node:net').Server }).server;
      netServer.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        netServer.off('error', reject);
        resolve((netServer.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);
  const netServer = (server as unknown as { server: import('node:net').Server }).server;

  const handle: TestSmtp = {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    get attempts() {
      return state.attempts;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    failWith(code, message = code && code >= 500 ? 'Mailbox unavailable' : 'Try again later') {
      failure = code === null ? null : { code, message };
    },
    dropConnections(on) {
      drop = on;
    },
    async down() {
      for (const conn of (server as unknown as { connections: Set<{ _socket: { destroy(): void } }> }).connections) {
        conn._socket.destroy();
      }
      await new Promise<void>((resolve) => netServer.close(() => resolve()));
    },
    async up() {
      await new Promise<void>((resolve, reject) => {
        netServer.once('error', reject);
        netServer.listen(port, '127.0.0.1', () => resolve());
      });
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return messages;
    },
    async mailTo(address, subject, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find((m) => m.to === address && m.subject === subject);
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(`no "${subject}" to ${address}; got ${messages.map((m) => m.subject).join(', ')}`);
        }
        await handle.waitFor(messages.length + 1, 1000).catch(() => {});
      }
    },
    linksIn(mail) {
      return [...mail.text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return handle;
}

async function toReceived(raw: string): Promise<ReceivedMail> {
  const parsed = await simpleParser(raw);
  const address = (a: ParsedMail['to'] | ParsedMail['from']) =>
    (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? '')).join(',');
  return {
    messageId: parsed.messageId ?? '',
    to: address(parsed.to),
    from: address(parsed.from),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    headers: parsed.headers,
    rawHeaders: new Map(
      parsed.headerLines.map((h) => [
        h.key,
        h.line
          .slice(h.line.indexOf(':') + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      ]),
    ),
    raw,
  };
}

/** For load runs: only the Message-ID and recipient, without a full parse. */
function quickRead(raw: string): ReceivedMail {
  const header = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(raw)?.[1]?.trim() ?? '';
  return {
    messageId: header('Message-ID'),
    to: header('To'),
    from: header('From'),
    subject: header('Subject'),
    text: '',
    html: '',
    headers: new Map(),
    rawHeaders: new Map(),
    raw: '',
  };
}
