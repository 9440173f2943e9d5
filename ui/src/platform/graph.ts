import type { GraphView as CoreGraphView } from "./generated/GraphView";
import type { OwnershipRule } from "./generated/OwnershipRule";
import type { BeneficialOwnerFinding } from "./generated/BeneficialOwnerFinding";
import type { OwnerDifference } from "./generated/OwnerDifference";
import type { SanctionsOwnershipView } from "./generated/SanctionsOwnershipView";
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
  /** Data-quality problems found while building the graph, in words. */
  warnings?: string[];
  /** Every person behind the subject with every rule side by side, as core computed them (the
   *  owners table; also the graph's text alternative). Absent in hand-made test views. */
  owners?: BeneficialOwnerFinding[];
  sanctionsOwnership?: SanctionsOwnershipView;
  simplifiedDueDiligence?: string[];
  noNaturalPerson?: boolean;
  /** The owners upstream names compared with those computed under the register's rule. */
  differences?: OwnerDifference[];
};

// ---- from core's generated GraphView (crates/core/src/ownership) to what the UI draws ----

const RULE_KEY: Record<OwnershipRule, string> = {
  chainOwnership: "chain",
  registerControl: "register",
  integratedOwnership: "integrated",
  amlrOwnership: "amlr",
  foundationRole: "role",
  seniorManagingOfficial: "smo",
};

/** Core's view (ids, rules, findings) mapped to the drawing model; nothing is recomputed here. */
export function fromCoreGraph(g: CoreGraphView): GraphView {
  const cycleNodes = g.nodes.filter((n) => n.inCycle).map((n) => n.id);
  return {
    subjectId: g.subject,
    nodes: g.nodes.map((n) => ({
      id: n.id,
      label: n.label,
      kind: n.kind === "other" ? "unknown" : n.kind,
      identifier: n.identifier ?? (n.dateOfBirth ? `born ${n.dateOfBirth}` : null),
      country: n.country ?? null,
      subject: n.isSubject,
      // Core's `sanctioned` includes "through ownership"; the UI separates a list hit from that.
      sanctioned: n.sanctioned && !n.sanctionedByOwnership,
      pep: n.pep,
      sanctionedByOwnership: n.sanctionedByOwnership,
      beneficialRules: n.isBeneficialOwner ? n.rules.map((r) => RULE_KEY[r] ?? r) : [],
      integratedShare: n.integratedShare ?? null,
      collapsedOwners: 0,
    })),
    edges: g.edges.map((e, i) => ({
      id: `${e.from}->${e.to}#${i}`,
      source: e.from,
      target: e.to,
      share: e.share ?? null,
      votes: e.votes ?? null,
      inCycle: e.inCycle,
      role: e.kind === "role" ? e.role ?? "role" : null,
    })),
    cycles: cycleNodes.length ? [cycleNodes] : [],
    beneficialOwners: g.owners.filter((o) => o.isBeneficialOwner).map((o) => ({
      nodeId: o.nodeId,
      rules: o.rules.map((r) => RULE_KEY[r] ?? r),
      explanation: [...o.explanation, ...o.disagreements].join(" "),
      integratedShare: o.integratedShare,
      paths: o.paths.map((p) => ({ nodes: p.nodes, share: p.share })),
    })),
    warnings: g.warnings.map((w) => w.message),
    owners: g.owners,
    sanctionsOwnership: g.sanctionsOwnership,
    simplifiedDueDiligence: g.simplifiedDueDiligence,
    noNaturalPerson: g.noNaturalPerson,
    differences: g.differences,
  };
}
