// The CLI's HTTP client takes its header and body timeouts from the run's longest request limit,
// not from undici's defaults (300 s each, which cut long reasoning answers at 5:04): a server
// that holds its headers, or pauses between chunks, longer than undici's own limit would allow
// is waited for when the run allows it. Shown at a small scale: a 1.5 s limit gives up on a 5 s
// pause, a 30 s one waits it out.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { undiciTransport } from '../../../src/cli/run/undiciTransport';
import { Cancellation, type HttpTransport } from '../../../src/engine/http/transport';

const PAUSE_MS = 5_000;
const servers: Server[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  for (const server of servers.splice(0)) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** `/headers`: nothing for PAUSE_MS, then the answer; `/body`: headers and 'a', PAUSE_MS, 'b'. */
async function pausingServer(): Promise<string> {
  const server = createServer((req, res) => {
    if (req.url === '/headers') {
      setTimeout(() => res.writeHead(200).end('ok'), PAUSE_MS);
      return;
    }
    res.writeHead(200);
    res.write('a');
    setTimeout(() => res.end('b'), PAUSE_MS);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function transport(totalMs: number): HttpTransport {
  const http = undiciTransport({ totalMs });
  closers.push(http.close);
  return http.transport;
}

async function text(send: HttpTransport, url: string): Promise<string> {
  const response = await send({ method: 'GET', url, headers: {}, cancel: new Cancellation() });
  let body = '';
  const decoder = new TextDecoder();
  await response.read((chunk) => (body += decoder.decode(chunk, { stream: true })));
  return body;
}

describe('the CLI HTTP client', () => {
  it('sets its header and body timeouts from the run, not from undici defaults', async () => {
    const url = await pausingServer();
    const short = transport(500);
    const long = transport(30_000);
    const [headersCut, bodyCut, headers, body] = await Promise.allSettled([
      text(short, `${url}/headers`),
      text(short, `${url}/body`),
      text(long, `${url}/headers`),
      text(long, `${url}/body`),
    ]);
    expect(headersCut).toMatchObject({
      status: 'rejected',
      reason: { code: 'UND_ERR_HEADERS_TIMEOUT' },
    });
    expect(bodyCut).toMatchObject({ status: 'rejected', reason: { code: 'UND_ERR_BODY_TIMEOUT' } });
    expect(headers).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(body).toEqual({ status: 'fulfilled', value: 'ab' });
  }, 60_000);
});
