import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a webhook delivery brought: its content type and parsed JSON body. */
export interface RecordedWebhook {
  type: string | undefined;
  body: any;
}

/** A local listener standing in for the merchant's webhook URL: records each delivery and answers 200. */
export async function startWebhookRecorder(): Promise<{ url: string; received: RecordedWebhook[]; close: () => Promise<void> }> {
  const received: RecordedWebhook[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      received.push({ type: req.headers['content-type'], body: JSON.parse(data) });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
