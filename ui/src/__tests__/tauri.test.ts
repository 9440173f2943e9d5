import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { createTauriPlatform } from "../platform/tauri";
import { PlatformError } from "../platform/errors";

afterEach(() => clearMocks());

describe("the Tauri platform", () => {
  it("sends camelCase argument keys the shell's commands expect", async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      if (cmd === "get_document") return new Uint8Array([37, 80, 68, 70]);
      if (cmd === "get_ownership") return { subject: "s", nodes: [], edges: [], owners: [], warnings: [] };
      return null;
    });
    const p = createTauriPlatform();
    await p.getCase("c1");
    await p.startLookup({ country: "NO", identifier: "923609016", duns: false, expands: [], reports: [], beneficial: false, beneficialExpands: [], skipOrganization: false });
    await p.cancelSession("s1");
    await p.getBatch("b1");
    await p.search("equinor");
    await p.testConnection("amlyze");
    expect((await p.getOwnership("c1")).subjectId).toBe("s");
    const bytes = await p.getDocument("ab12");
    expect(new Uint8Array(bytes)).toEqual(new Uint8Array([37, 80, 68, 70]));
    expect(seen.map(([c]) => c)).toEqual(["get_case", "start_lookup", "cancel_session", "get_batch", "search", "test_connection", "get_ownership", "get_document"]);
    expect(seen[0]![1]).toEqual({ caseId: "c1" });
    expect(seen[1]![1]).toHaveProperty("request.identifier", "923609016");
    expect(seen[2]![1]).toEqual({ sessionId: "s1" });
    expect(seen[3]![1]).toEqual({ batchId: "b1" });
    expect(seen[4]![1]).toEqual({ text: "equinor" });
    expect(seen[5]![1]).toEqual({ provider: "amlyze" });
    expect(seen[7]![1]).toEqual({ sha256: "ab12" });
  });

  it("turns an ErrorDto rejection into a typed PlatformError", async () => {
    mockIPC(() => { throw { code: "Offline", message: "The sandbox does not answer.", detail: "connect refused" }; });
    const err = await createTauriPlatform().appInfo().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).code).toBe("Offline");
    expect((err as PlatformError).message).toBe("The sandbox does not answer.");
  });
});
