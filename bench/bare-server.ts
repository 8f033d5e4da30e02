// The machine's limit for the same bytes: a bare node:http server handing out
// a captured page from memory. Usage: node bench/bare-server.ts FILE PORT [ENCODING]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, port, encoding] = process.argv.slice(2);
const body = readFileSync(file!);
const headers = {
  'content-type': 'text/html; charset=utf-8',
  'content-length': body.byteLength,
  ...(encoding ? { 'content-encoding': encoding } : {}),
};
createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
