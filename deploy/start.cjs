/**
 * The dashboard's server entry: `node start.cjs` in the standalone folder that `npm run build`
 * makes (.next/standalone, or wherever it was copied). Listens on HOST (default 127.0.0.1, for a
 * reverse proxy on the same host) and PORT (default 3000).
 *
 * Next.js's own server.js reads HOSTNAME, which shells and containers set to the machine's name
 * (and which would make it listen on whatever that resolves to), and it changes into its own
 * folder. This entry sets HOSTNAME from HOST, reads `.env` files from the folder it was started in
 * and changes back into that folder once the server is set up, so that relative paths in the
 * settings (dataDir, history.path, CA files) mean what they meant under `next start`.
 *
 * Next.js does not give route handlers the socket, and fills X-Forwarded-For only when a client did
 * not send one. So every request gets the socket's address in PEER_ADDRESS_HEADER, replacing any
 * value a client sent under that name: the dashboard's sign-in limits and log use it (or, with
 * `trustProxy`, the address the reverse proxy appended; lib/auth/request.ts).
 */
const http = require("node:http");
const path = require("node:path");

// lib/auth/request.ts PEER_ADDRESS_HEADER.
const PEER_ADDRESS_HEADER = "x-jetstream-watch-peer";

const createServer = http.createServer;
http.createServer = function createServerWithPeerAddress(...args) {
  // Next.js's server calls this once, with its request listener last.
  http.createServer = createServer;
  if (typeof args[args.length - 1] !== "function") throw new Error("start.cjs: Next.js's server no longer passes its request listener to http.createServer; update the peer-address hook");
  const listener = args.pop();
  return createServer.call(this, ...args, (req, res) => {
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    return listener(req, res);
  });
};

const launchDir = process.cwd();
require("@next/env").loadEnvConfig(launchDir, false, { info: () => {}, error: console.error });
process.env.HOSTNAME = process.env.HOST || "127.0.0.1";
process.env.PORT = process.env.PORT || "3000";
require(path.join(__dirname, "server.js"));
process.chdir(launchDir);
