import type { Disposition, ReasonCode } from "../../../platform";

/** Words for the dispositions (the codes are core's `Disposition`). */
export const DISPOSITION: Record<Disposition, string> = {
  "true-match": "True match",
  "false-positive": "False positive",
  escalate: "Escalate",
};

/**
 * Core's words for the fixed reason codes (`ReasonCode::label`), in the engine's order. A
 * `Record` over the generated `ReasonCode`: a code added or removed in core fails the type check.
 */
export const REASON_LABEL: Record<ReasonCode, string> = {
  exact_identifier_match: "Exact identifier match",
  name_only_match: "Name-only match",
  different_date_of_birth: "Different date of birth",
  different_nationality: "Different nationality",
  different_person_same_name: "Different person, same name",
  listed_entity_not_subject: "Listed entity is not the subject",
  needs_more_information: "Needs more information",
  other: "Other (see note)",
};

export const REASONS = Object.entries(REASON_LABEL) as [ReasonCode, string][];

/** Said next to every reviewer's name. */
export const DECLARED = "declared reviewer, not authenticated";
