// Ownership graph as the UI draws it. `crates/core` computes it (UBO rules, cycles, sanctions
// propagation); until core's `GraphView` is generated into ./generated/, this is the contract the
// UI expects from `get_ownership(caseId)`. Keep field names camelCase as ts-rs emits them.

/** `company`, `person`, `foundation`, or something upstream called otherwise. */
export type GraphNodeKind = "company" | "person" | "foundation" | "unknown";

export type GraphNode = {
  id: string;
  label: string;
  kind: GraphNodeKind;
  /** Formatted identifier (org number) or birth date for persons, when known. */
  identifier: string | null;
  country: string | null;
  /** The case's subject (drawn at the bottom). */
  subject: boolean;
  sanctioned: boolean;
  pep: boolean;
  /** Flagged because parties owning ≥ 50 % are sanctioned (propagated, not a list hit). */
  sanctionedByOwnership: boolean;
  /** Rules under which this node is a beneficial owner: `chain`, `register`, `integrated`, `role`. */
  beneficialRules: string[];
  /** Multiplied share along all paths to the subject, in percent. */
  integratedShare: number | null;
  /** Owners not drawn (collapsed distant branch), with their count. */
  collapsedOwners: number;
};

export type GraphEdge = {
  id: string;
  /** The owner. */
  source: string;
  /** The owned. */
  target: string;
  /** Share of capital in percent. */
  share: number | null;
  /** Share of votes in percent, when it differs. */
  votes: number | null;
  inCycle: boolean;
  /** A control relation without shares (a role in a foundation, a board seat), in words. */
  role?: string | null;
};

export type GraphPath = {
  /** Node ids from the owner down to the subject. */
  nodes: string[];
  /** Multiplied share along this path, in percent. */
  share: number;
};

export type BeneficialOwnerView = {
  nodeId: string;
  rules: string[];
  /** Why, in words ("Indirect ownership of 27.3 % through …"). */
  explanation: string;
  integratedShare: number | null;
  paths: GraphPath[];
};

export type GraphView = {
  subjectId: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Each cycle as node ids. */
  cycles: string[][];
  beneficialOwners: BeneficialOwnerView[];
};
