/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Relative base: the Tauri shell serves ui/dist from its own origin; nothing is fetched remotely.
export default defineConfig({
  base: "./",
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "127.0.0.1" },
  build: { outDir: "dist", target: "es2022", chunkSizeWarningLimit: 4000 },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    // Whole-window renders on a shared 2-core machine can take several seconds each.
    testTimeout: 20_000,
  },
});
