import net from 'node:net';

export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * A request over a real socket whose body the test sends in parts, or not at all: the head goes
 * out at once, announcing `length` bytes. `answer` settles with the first complete response,
 * whether or not the body was sent; a server that waits for the body never answers a head
 * alone (the test then fails on its timeout). For checks that must come before a body is read.
 */
export function partialRequest(port: number, method: string, path: string, headers: Record<string, string>, length: number) {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  const complete = (): RawAnswer | null => {
    const end = received.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const head = received.slice(0, end);
    const announced = /\r\ncontent-length: *(\d+)/i.exec(head);
    const body = received.slice(end + 4);
    if (!announced || Buffer.byteLength(body) < Number(announced[1])) return null;
    return { status: Number(head.slice(9, 12)), body };
  };
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      received += data;
      const done = complete();
      if (!done) return;
      resolve(done);
      socket.destroy();
    });
    socket.on('close', () => reject(new Error(`connection closed without a complete answer: ${received.slice(0, 300)}`)));
    // A server that answers early may close while the test still writes; the answer decides.
    socket.on('error', () => undefined);
  });
  const lines = Object.entries({ ...headers, host: '127.0.0.1', 'content-length': String(length), connection: 'close' })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(`${method} ${path} HTTP/1.1\r\n${lines}\r\n`);
  /** Sends part of the body; settles once the bytes have left the socket's own buffer. */
  const send = (bytes: Buffer) => new Promise<void>((resolve) => (socket.write(bytes) ? resolve() : socket.once('drain', () => resolve())));
  return { answer, send };
}
