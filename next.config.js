// What static files (which the proxy, proxy.ts, never sees) carry; pages and the API get these and
// more from proxy.ts (lib/auth/headers.ts, whose test keeps the two lists equal).
const STATIC_SECURITY_HEADERS = [
  { key: "x-content-type-options", value: "nosniff" },
  { key: "referrer-policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The collector, the NATS client and the history stores' drivers (SQLite, PostgreSQL) run only in the Node.js server process.
  serverExternalPackages: ["@nats-io/transport-node", "@nats-io/nats-core", "@nats-io/jetstream", "ws", "better-sqlite3", "pg"],
  poweredByHeader: false,
  output: "standalone",
  reactStrictMode: true,
  async headers() {
    // The paths proxy.ts's matcher leaves out.
    return ["/_next/static/:path*", "/_next/image", "/favicon.ico", "/icon.svg", "/robots.txt"].map((source) => ({ source, headers: STATIC_SECURITY_HEADERS }));
  },
};

module.exports = nextConfig;
