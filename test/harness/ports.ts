import { createServer, type AddressInfo, type Server } from "node:net";

// Ports already given to a harness in this process. The kernel may hand a port we just released
// to the next bind(0), so a second harness started concurrently could otherwise get a port the
// first one has reserved but whose nats-server has not bound yet.
const portsInUse = new Set<number>();

function listenOnEphemeralPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, exclusive: true }, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Distinct free loopback ports. All probe sockets stay open until the set is complete so the
 * kernel cannot return the same port twice within one call.
 */
export async function reserveLoopbackPorts(count: number): Promise<number[]> {
  const probes: Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const probe = await listenOnEphemeralPort();
      probes.push(probe);
      const { port } = probe.address() as AddressInfo;
      if (!portsInUse.has(port)) {
        portsInUse.add(port);
        ports.push(port);
      }
    }
  } finally {
    await Promise.all(probes.map(closeServer));
  }
  return ports;
}
