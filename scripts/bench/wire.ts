/**
 * Keep-alive agents that can say how many bytes their sockets received: the bytes on the wire
 * (TCP payload: headers and body, compressed if the server compressed, TLS records if TLS),
 * as opposed to the decoded body sizes the fetcher reports.
 */
import type http from "node:http";
import type { Socket } from "node:net";
import { createMonitorAgents, type MonitorAgents } from "../../lib/sources/http-monitor";

export interface CountingAgents extends MonitorAgents {
  /** Bytes received so far by every socket these agents ever opened. */
  receivedBytes(): number;
  destroy(): void;
}

export function createCountingAgents(ca?: string): CountingAgents {
  const agents = createMonitorAgents({ ca });
  const sockets = new Set<Socket>();
  // A keep-alive agent emits "free" each time a request ends and its socket goes back to the pool.
  const track = (agent: http.Agent) => agent.on("free", (socket: Socket) => sockets.add(socket));
  track(agents.http);
  track(agents.https);
  return {
    ...agents,
    receivedBytes: () => [...sockets].reduce((sum, socket) => sum + socket.bytesRead, 0),
    destroy() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
