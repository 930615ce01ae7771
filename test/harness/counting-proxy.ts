/**
 * A TCP proxy on loopback that counts the bytes it passes each way: put in front of a monitoring
 * port or a NATS client port, it says what a client really had on the wire (headers, protocol,
 * compression and all), whatever the client thinks it decoded.
 */
import net from "node:net";

export interface ByteCounts {
  /** From the server to the client: what the client read. */
  toClient: number;
  /** From the client to the server: its requests. */
  toServer: number;
}

export interface CountingProxy {
  port: number;
  /** The counts since the start or the last `reset`. */
  counts(): ByteCounts;
  reset(): void;
  close(): Promise<void>;
}

/** Forwards every connection to `target` (host:port) and counts. */
export async function startCountingProxy(target: { host: string; port: number }): Promise<CountingProxy> {
  const counts: ByteCounts = { toClient: 0, toServer: 0 };
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    track(client);
    track(upstream);
    client.on("data", (chunk: Buffer) => (counts.toServer += chunk.length));
    upstream.on("data", (chunk: Buffer) => (counts.toClient += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
    // Either side going away takes the other with it, as a plain connection would.
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    counts: () => ({ ...counts }),
    reset() {
      counts.toClient = 0;
      counts.toServer = 0;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
