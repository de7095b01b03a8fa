package io.memtrace.tracing;

import java.util.Locale;
import java.util.Set;

/**
 * Study B's split of the 57 MMLU subjects into knowledge-intensive and reasoning-intensive ones, as
 * listed in its reference code (a-antoniades/llm-corpus-search, {@code
 * analysis/compute_llm_prob.py}). That code lists 56 subjects; {@code formal_logic} is missing
 * there and is reasoning by memtrace's choice, as deduction from premises.
 */
public final class MmluSubjects {
  public static final Set<String> KNOWLEDGE =
      Set.of(
          "anatomy",
          "astronomy",
          "business_ethics",
          "clinical_knowledge",
          "computer_security",
          "global_facts",
          "high_school_european_history",
          "high_school_geography",
          "high_school_government_and_politics",
          "high_school_macroeconomics",
          "high_school_microeconomics",
          "high_school_psychology",
          "high_school_us_history",
          "high_school_world_history",
          "human_aging",
          "human_sexuality",
          "international_law",
          "jurisprudence",
          "logical_fallacies",
          "management",
          "marketing",
          "medical_genetics",
          "miscellaneous",
          "moral_disputes",
          "nutrition",
          "philosophy",
          "prehistory",
          "professional_psychology",
          "public_relations",
          "security_studies",
          "sociology",
          "us_foreign_policy",
          "virology",
          "world_religions");

  public static final Set<String> REASONING =
      Set.of(
          "abstract_algebra",
          "college_biology",
          "college_chemistry",
          "college_computer_science",
          "college_mathematics",
          "college_medicine",
          "college_physics",
          "conceptual_physics",
          "econometrics",
          "electrical_engineering",
          "elementary_mathematics",
          "high_school_biology",
          "high_school_chemistry",
          "high_school_computer_science",
          "high_school_mathematics",
          "high_school_physics",
          "high_school_statistics",
          "machine_learning",
          "moral_scenarios",
          "professional_accounting",
          "professional_law",
          "professional_medicine",
          "formal_logic");

  private MmluSubjects() {}

  /** Whether {@code subject} ("abstract_algebra" or "abstract algebra") is reasoning-intensive. */
  public static boolean isReasoning(String subject) {
    return REASONING.contains(normalize(subject));
  }

  /**
   * Whether {@code subject} is knowledge-intensive; a subject that is neither this nor {@link
   * #isReasoning reasoning} is not an MMLU subject.
   */
  public static boolean isKnowledge(String subject) {
    return KNOWLEDGE.contains(normalize(subject));
  }

  /** "knowledge" or "reasoning" for an MMLU subject, else null (no subject, or not MMLU's). */
  public static String group(String subject) {
    if (subject == null) return null;
    return isKnowledge(subject) ? "knowledge" : isReasoning(subject) ? "reasoning" : null;
  }

  private static String normalize(String subject) {
    return subject.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
  }
}
