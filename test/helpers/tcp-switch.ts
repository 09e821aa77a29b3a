// A plain TCP forwarder with an off switch, for putting a tier's database out of reach and back
// without touching the database: off, it resets every open connection and stops listening (new
// connections are refused, as from a host whose PostgreSQL is down); on, it listens again on the
// same port. Unlike fault-proxy.ts it reads nothing of what it forwards, so any protocol passes.
import net from 'node:net';

export interface TcpSwitch {
  /** The target URL with its host and port replaced by the switch's. */
  url: string;
  off(): Promise<void>;
  on(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpSwitch(targetUrl: string): Promise<TcpSwitch> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    return socket;
  };
  const server = net.createServer((client) => {
    const upstream = track(net.connect({ host: target.hostname, port: Number(target.port || 5432) }));
    track(client);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  return {
    url: url.toString(),
    async off() {
      const closed = stopListening();
      for (const socket of sockets) socket.resetAndDestroy();
      await closed;
    },
    async on() {
      if (!server.listening) await listen(port);
    },
    async close() {
      const closed = stopListening();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
