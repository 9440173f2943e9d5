// pdf.js, legacy build (WebKitGTK), with its worker bundled by Vite: no CDN, no remote origin.
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfDoc = pdfjs.PDFDocumentProxy;

/** Opens a PDF from bytes. The bytes are copied: pdf.js transfers (detaches) what it is given. */
export async function openPdf(bytes: ArrayBuffer): Promise<PdfDoc> {
  const data = new Uint8Array(bytes.slice(0));
  // No eval (strict CSP), no fetches of fonts or cMaps from anywhere.
  return pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: false, useSystemFonts: true }).promise;
}

/** Renders a page into the canvas at `scale` (CSS pixels) sharp on high-DPI screens. */
export async function renderPage(doc: PdfDoc, pageNo: number, canvas: HTMLCanvasElement, scale: number): Promise<{ width: number; height: number }> {
  const page = await doc.getPage(pageNo);
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale });
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  await page.render({ canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined }).promise;
  return { width: viewport.width, height: viewport.height };
}

export async function pageWidth(doc: PdfDoc, pageNo: number): Promise<number> {
  const page = await doc.getPage(pageNo);
  return page.getViewport({ scale: 1 }).width;
}

/** Pages (1-based) whose text contains `query`, case-insensitive. */
export async function findInPdf(doc: PdfDoc, query: string): Promise<number[]> {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const out: number[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const text = content.items.map((it) => ("str" in it ? it.str : "")).join(" ").toLowerCase();
    if (text.includes(q)) out.push(i);
  }
  return out;
}
