// A tiny hash router: the window has few places, and hash URLs work from file/custom-protocol
// origins without server support.
import { useEffect, useState } from "react";

export type Route =
  | { name: "cases" }
  | { name: "case"; caseId: string; tab: string }
  | { name: "batch"; batchId?: string }
  | { name: "settings" };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "cases" && parts[1]) return { name: "case", caseId: parts[1], tab: parts[2] ?? "overview" };
  if (parts[0] === "batch") return { name: "batch", batchId: parts[1] };
  if (parts[0] === "settings") return { name: "settings" };
  return { name: "cases" };
}

export function hrefOf(r: Route): string {
  switch (r.name) {
    case "cases": return "#/cases";
    case "case": return `#/cases/${encodeURIComponent(r.caseId)}/${r.tab}`;
    case "batch": return r.batchId ? `#/batch/${encodeURIComponent(r.batchId)}` : "#/batch";
    case "settings": return "#/settings";
  }
}

export function navigate(r: Route) {
  const h = hrefOf(r);
  if (window.location.hash !== h) window.location.hash = h;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(window.location.hash));
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return route;
}
