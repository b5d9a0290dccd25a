import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The console is served by `salesd` at `/`; in development `npm run dev`
// proxies the API to a salesd on 127.0.0.1:8080.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { console: "index.html", graphiql: "graphiql.html" },
    },
  },
  server: {
    proxy: { "/graphql": "http://127.0.0.1:8080" },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
