import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { NotifierError } from '../../../src/jobs/notifiers/index.js';

/** One request as it arrived: the raw body is kept as sent, so signatures can be checked over it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query exactly as requested. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Never answer: for time-out tests. */
  hang?: boolean;
}

export interface Receiver {
  /** http://127.0.0.1:<port><path> */
  url(path: string): string;
  requests: ReceivedRequest[];
  /** How the next requests are answered (200 and `{}` until set). */
  reply: (request: ReceivedRequest) => Reply;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a random port that records every request. */
export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: (path) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    requests: [],
    reply: () => ({ body: {} }),
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      receiver.requests.push(request);
      const reply = receiver.reply(request);
      if (reply.hang) {
        hanging.add(res);
        return;
      }
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      const type = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
      res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return receiver;
}

/** Awaits a send that must fail with a NotifierError of the given retryability, and hands the error back. */
export async function notifierFailure(send: Promise<unknown>, retryable: boolean): Promise<NotifierError> {
  let failure: unknown = null;
  try {
    await send;
  } catch (error) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(NotifierError);
  expect((failure as NotifierError).retryable).toBe(retryable);
  return failure as NotifierError;
}
