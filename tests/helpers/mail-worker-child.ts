// A mail worker in a process of its own, for the crash test: it drains the
// outbox of DATABASE_URL to SMTP_URL until killed, printing "sent N" as it goes.
import { createDb } from '../../src/lib/db.ts';
import { createSmtpTransport } from '../../src/lib/mail/transport.ts';
import { deliverDueMail } from '../../src/lib/mail/worker.ts';

const db = createDb({ databaseUrl: process.env.DATABASE_URL!, dataDir: '' });
const transport = createSmtpTransport(process.env.SMTP_URL!, { maxConnections: 2 });
let sent = 0;
for (;;) {
  const report = await deliverDueMail(db, transport, new Date(), {
    from: 'Wishcast <wishcast@wishcast.test>',
    batch: 20,
    log: () => {},
  });
  sent += report.sent;
  process.stdout.write(`sent ${sent}\n`);
  if (report.claimed === 0) await new Promise((r) => setTimeout(r, 50));
}
