import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and reads its own files at run time: keep it out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite"],
  // The prebuilt search index is read from disk at start.
  outputFileTracingIncludes: { "/**": ["./.data/index/**", "./content/**"] },
};

export default nextConfig;
