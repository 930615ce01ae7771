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
 */
const path = require("node:path");

const launchDir = process.cwd();
require("@next/env").loadEnvConfig(launchDir, false, { info: () => {}, error: console.error });
process.env.HOSTNAME = process.env.HOST || "127.0.0.1";
process.env.PORT = process.env.PORT || "3000";
require(path.join(__dirname, "server.js"));
process.chdir(launchDir);
