import type { PolicyRules } from "../policies/policy-rules";

const list = (values: readonly string[]) => (values.length ? values.map((v) => `\`${v}\``).join(", ") : "none");

/** A policy version as Markdown, for the `dokani://policy/active` resource: what the rules say, in order of how the engine applies them. */
export function policyMarkdown(version: number, rules: PolicyRules, shopName: string): string {
  const lines = [
    `# ${shopName}: return policy, version ${version}`,
    "",
    "## Window",
    `- ${rules.returnWindowDays} days from ${rules.windowStartsFrom === "delivery" ? "delivery (or the order date when the order has no delivery date)" : "the order date"}.`,
    ...rules.overrides.map((o) => `- ${"productType" in o.match ? `Product type \`${o.match.productType}\`` : `Tag \`${o.match.tag}\``}: ${o.returnWindowDays} days (the first matching override wins).`),
    "",
    "## Never returnable",
    `- Tags: ${list(rules.nonReturnableTags)}`,
    `- Product types: ${list(rules.nonReturnableProductTypes)}`,
    "",
    "## Resolutions",
    `- Allowed: ${list(rules.allowedResolutions)}`,
    `- Store credit bonus: ${rules.storeCreditBonusPercent}%`,
    `- Restocking fee: ${rules.restockingFeePercent}%`,
    "",
    "## Review",
    `- Photos required for: ${list(rules.evidenceRequiredReasons)}`,
    rules.autoApprove.enabled
      ? `- Auto-approval: on, for orders up to ${rules.autoApprove.maxOrderValue} with a risk score up to ${rules.autoApprove.maxRiskScore}; anything else goes to review.`
      : "- Auto-approval: off; every request that breaks no rule goes to review.",
    "",
    "## Limits",
    `- At most ${rules.customerLimits.maxReturnsPerPeriod} returns per customer in ${rules.customerLimits.periodDays} days.`,
    `- Blocked emails: ${rules.blockedEmails.length}`,
    "",
    "A request that breaks a rule above is denied with one reason per broken rule. An AI recommendation never turns a denial into an approval.",
  ];
  return `${lines.join("\n")}\n`;
}
