/**
 * The CLI's HTTP client: undici's `request` on one keep-alive Agent. Cheaper per request than
 * fetch (no WHATWG streams), and its timeouts are set here on purpose: undici's own header and
 * body timeouts (300 s each) would cut a long reasoning answer, so they sit at the run's longest
 * total limit and the engine's liveness deadlines decide when a silent request is given up.
 */
import { Agent, request } from 'undici';
import type { HttpTransport } from '../../engine/http/transport';

export interface UndiciTransportOptions {
  /** The longest total limit of any request the transport will carry (ms). */
  totalMs: number;
  /** Time to open a TCP/TLS connection (ms). */
  connectMs?: number;
}

export function undiciTransport(options: UndiciTransportOptions): {
  transport: HttpTransport;
  close: () => Promise<void>;
} {
  const agent = new Agent({
    headersTimeout: options.totalMs + 1_000,
    bodyTimeout: options.totalMs + 1_000,
    connectTimeout: options.connectMs ?? 10_000,
    keepAliveTimeout: 30_000,
    // No cap per origin: a fleet run keeps thousands of streams open across a group.
    connections: null,
  });
  const transport: HttpTransport = async (req) => {
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body ?? null,
      signal: req.signal,
      dispatcher: agent,
    });
    return {
      status: response.statusCode,
      header: (name) => {
        const value = response.headers[name.toLowerCase()];
        return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
      },
      body: () => response.body,
    };
  };
  return { transport, close: () => agent.close() };
}
