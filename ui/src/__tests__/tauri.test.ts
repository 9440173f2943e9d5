// The Tauri platform's transport: command names, argument keys, conversions. The IPC mock answers
// with the engine's recorded responses.
import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { createTauriPlatform } from "../platform/tauri";
import { PlatformError } from "../platform/errors";
import { RECORDED } from "../platform/recorded";

afterEach(() => clearMocks());

describe("the Tauri platform", () => {
  it("sends camelCase argument keys the shell's commands expect and converts the engine's graph", async () => {
    const seen: [string, unknown][] = [];
    const started = RECORDED.lookupEvents.find((e) => "started" in e) as { started: unknown };
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      const a = args as Record<string, string>;
      switch (cmd) {
        case "get_case": return RECORDED.cases[a.caseId!];
        case "start_lookup": return started.started;
        case "get_batch": return RECORDED.batch;
        case "search": return RECORDED.search[a.text!];
        case "get_ownership": return RECORDED.ownership[a.caseId!];
        // Transport only: the shell sends bytes as a number array.
        case "get_document": return [37, 80, 68, 70];
        default: throw { code: "NotFound", message: `no recorded answer for ${cmd}` };
      }
    });
    const p = createTauriPlatform();
    expect((await p.getCase("c-equinor")).summary.subjectName).toBe("EQUINOR ASA");
    expect((await p.startLookup({ country: "NO", identifier: "923609016", duns: false, expands: [], reports: [], beneficial: false, beneficialExpands: [], skipOrganization: false })).caseId).toBe("c-equinor");
    await expect(p.cancelSession("s1")).rejects.toBeInstanceOf(PlatformError);
    expect((await p.getBatch("b-kyc")).fileName).toBe("kyc.csv");
    expect(await p.search("skarvholm")).toHaveLength(1);
    const g = await p.getOwnership("c-equinor");
    expect(g.subjectId).toBe("org:923609016");
    expect(g.beneficialOwners).toHaveLength(1);
    const bytes = await p.getDocument("ab12");
    expect(new Uint8Array(bytes)).toEqual(new Uint8Array([37, 80, 68, 70]));
    expect(seen.map(([c]) => c)).toEqual(["get_case", "start_lookup", "cancel_session", "get_batch", "search", "get_ownership", "get_document"]);
    expect(seen[0]![1]).toEqual({ caseId: "c-equinor" });
    expect(seen[1]![1]).toHaveProperty("request.identifier", "923609016");
    expect(seen[2]![1]).toEqual({ sessionId: "s1" });
    expect(seen[3]![1]).toEqual({ batchId: "b-kyc" });
    expect(seen[4]![1]).toEqual({ text: "skarvholm" });
    expect(seen[6]![1]).toEqual({ sha256: "ab12" });
  });

  it("turns an ErrorDto rejection into a typed PlatformError", async () => {
    mockIPC(() => { throw { code: "Offline", message: "The sandbox does not answer.", detail: "connect refused" }; });
    const err = await createTauriPlatform().appInfo().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).code).toBe("Offline");
    expect((err as PlatformError).message).toBe("The sandbox does not answer.");
  });
});
