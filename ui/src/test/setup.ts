// Times are shown in the computer's zone with its offset: pin the zone so the tests read the same
// everywhere (Oslo: +01:00 in winter, +02:00 in summer).
process.env.TZ = "Europe/Oslo";
import "@testing-library/jest-dom/vitest";
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

// jsdom has no layout: give elements a size so the virtualized list renders its rows.
Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, "offsetWidth", { configurable: true, get: () => 1200 });
Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1200 });
if (!("structuredClone" in globalThis)) {
  (globalThis as { structuredClone?: unknown }).structuredClone = (v: unknown) => JSON.parse(JSON.stringify(v));
}

afterEach(() => {
  cleanup();
  window.location.hash = "";
});
