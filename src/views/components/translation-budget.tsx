import type { translationBudget } from "../../services/translation";
import type { Translate } from "../layout";

/** Past 80 % of the month's translation characters, coordinators are told; past 100 %, what it means. */
export function TranslationBudgetNotice({
  t,
  budget,
}: {
  t: Translate;
  budget: Awaited<ReturnType<typeof translationBudget>>;
}) {
  if (!budget) return null;
  const n = (v: number) => v.toLocaleString("en-US");
  return (
    <p class="badge" role="status">
      {budget.reached
        ? t("translation.capReached", { cap: n(budget.cap) })
        : t("translation.capWarning", { used: n(budget.chars), cap: n(budget.cap), percent: budget.percent })}
    </p>
  );
}
