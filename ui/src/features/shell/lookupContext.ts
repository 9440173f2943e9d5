import { createContext, useContext } from "react";

export type LookupOpener = { openLookup: (opts?: { caseId?: string }) => void };
export const LookupContext = createContext<LookupOpener>({ openLookup: () => {} });
export const useLookup = () => useContext(LookupContext);
