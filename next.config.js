/** @type {import('next').NextConfig} */
const nextConfig = {
  // The collector, the NATS client and (later) SQLite run only in the Node.js server process.
  serverExternalPackages: ["@nats-io/transport-node", "@nats-io/nats-core", "@nats-io/jetstream", "ws", "better-sqlite3"],
  poweredByHeader: false,
  output: "standalone",
  reactStrictMode: true,
};

module.exports = nextConfig;
