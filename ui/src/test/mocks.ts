// jsdom cannot draw canvases: the pdf.js and Cytoscape wrappers are replaced in unit tests; the
// components around them (state, attributes, controls) are what these tests check.
import { vi } from "vitest";
import type { createGraph } from "../features/ownership/cy";

export const pdfMock = {
  openPdf: vi.fn(async (bytes: ArrayBuffer) => {
    const text = new TextDecoder().decode(new Uint8Array(bytes));
    if (!text.startsWith("%PDF-")) throw new Error("Invalid PDF structure");
    const pages = Number(/\/Count (\d+)/.exec(text)?.[1] ?? "1");
    return { numPages: pages, destroy: vi.fn(async () => {}), text };
  }),
  renderPage: vi.fn(async () => ({ width: 595, height: 842 })),
  pageWidth: vi.fn(async () => 595),
  findInPdf: vi.fn(async (doc: { text: string; numPages: number }, q: string) =>
    doc.text.toLowerCase().includes(q.toLowerCase()) ? [1] : []),
};

export const cyMock = {
  // Typed from the real function, so a change of its parameters breaks the build, not the tests.
  createGraph: vi.fn((...[, view, visible, , , handlers]: Parameters<typeof createGraph>) => {
    const edges = view.edges.filter((e) => visible.has(e.source) && visible.has(e.target)).length;
    setTimeout(() => handlers.onLaidOut({ nodes: visible.size, edges }), 0);
    // Positions in a column, in the order the view lists the drawn nodes (for keyboard moves).
    const ids = [...visible];
    const positions = () => new Map(ids.map((id, i) => [id, { x: 100, y: 60 + i * 80 }]));
    return { focusNode: vi.fn(), positions, fit: vi.fn(), zoom: vi.fn(), png: vi.fn(() => "data:image/png;base64,iVBORw0KGgo="), svg: vi.fn(() => "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), highlight: vi.fn(), clearHighlight: vi.fn(), destroy: vi.fn() };
  }),
};
