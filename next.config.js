/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["mysql2", "better-sqlite3"],
  poweredByHeader: false,
};

module.exports = nextConfig;
