// Where one HTTP/1.1 message ends in a byte stream: enough of the protocol for a proxy that
// handles a keep-alive connection one request (and its answer) at a time.

const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

export interface MessageHead {
  /** The request line or the status line. */
  startLine: string;
  /** Header names in lower case. */
  headers: Map<string, string>;
}

export function parseHead(bytes: Buffer): MessageHead | undefined {
  const end = bytes.indexOf(HEAD_END);
  if (end < 0) return undefined;
  const [startLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { startLine, headers };
}

/**
 * The length in bytes of the first complete message in `bytes`; undefined while incomplete.
 * An answer framed by neither Content-Length nor chunked encoding lasts until the connection
 * closes: `untilClose` then.
 */
export function messageLength(
  bytes: Buffer,
  kind: 'request' | 'response',
): number | 'untilClose' | undefined {
  const head = parseHead(bytes);
  if (!head) return undefined;
  const bodyStart = bytes.indexOf(HEAD_END) + HEAD_END.length;
  if (head.headers.get('transfer-encoding')?.toLowerCase().includes('chunked'))
    return chunkedEnd(bytes, bodyStart);
  const declared = head.headers.get('content-length');
  if (declared !== undefined) {
    const total = bodyStart + Number(declared);
    return bytes.length >= total ? total : undefined;
  }
  if (kind === 'request') return bodyStart;
  const status = Number(head.startLine.split(' ')[1]);
  return status === 204 || status === 304 || (status >= 100 && status < 200) ? bodyStart : 'untilClose';
}

function chunkedEnd(bytes: Buffer, start: number): number | undefined {
  let at = start;
  for (;;) {
    const lineEnd = bytes.indexOf(LINE_END, at);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1').split(';')[0]!, 16);
    at = lineEnd + LINE_END.length;
    if (size === 0) {
      // No trailers: an empty line ends the message; with trailers, the first blank line does.
      if (bytes.length < at + LINE_END.length) return undefined;
      if (bytes.subarray(at, at + LINE_END.length).equals(LINE_END)) return at + LINE_END.length;
      const trailersEnd = bytes.indexOf(HEAD_END, at);
      return trailersEnd < 0 ? undefined : trailersEnd + HEAD_END.length;
    }
    at += size + LINE_END.length;
    if (bytes.length < at) return undefined;
  }
}
