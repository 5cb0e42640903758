import next from "eslint-config-next";

const config = [
  { ignores: ["node_modules/**", ".next/**", "var/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...next,
  {
    // The topology core is pure: it reads its own input types, never the I/O modules' shapes.
    files: ["lib/topology/**/*.ts"],
    ignores: ["lib/topology/**/*.test.ts", "lib/topology/fixtures.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/collector", "@/lib/collector/*", "@/lib/mysql", "@/lib/mysql/*"], message: "lib/topology reads its own input types (lib/topology/input.ts)." }] }],
    },
  },
];

export default config;
