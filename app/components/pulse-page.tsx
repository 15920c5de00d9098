import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { canMakeBallots, storedAnswers } from "~/utils/ballot-storage.client";
import { AudienceChangesNote } from "./audience-changes-note";
import { useI18n } from "~/i18n/react";
import { AnonymityReceipt, PulseForm } from "./pulse-form";
import { MyConversations } from "./my-conversations";
import type { PulseForm as PulseFormData } from "~/domain/pulse-form";
import { Notice } from "./forms";

type LoadedForm = Exclude<PulseFormData, { kind: "unavailable" }>;

/** The whole pulse page, for both the personal link and the signed-in route. */
export function PulsePage({
  form,
  idempotencyKey,
  saved,
  closedMessage,
  closesOn,
  result,
}: {
  form: Omit<LoadedForm, "closesAt"> & { closesAt: Date | string };
  idempotencyKey: string;
  saved: string | null;
  closedMessage: string;
  /** The wave's last open day, in the page's language (the loader writes it). */
  closesOn: string;
  result?: { formError?: string; fieldErrors?: Record<string, string> };
}) {
  const { t } = useI18n();
  // Answered "elsewhere" as far as the server knows: this browser may hold that ballot (it checks on load).
  const [holdsBallot, setHoldsBallot] = useState(false);
  useEffect(() => {
    if (form.kind === "form" && canMakeBallots() && storedAnswers(form.waveId)) setHoldsBallot(true);
  }, [form.kind, form.waveId]);
  return (
    <div className="page page--narrow">
      <h1>{form.programName}</h1>
      <AudienceChangesNote changes={form.audienceChanges} />
      {/* Replies to this browser's comments, on every pulse page (ADR 054). */}
      <MyConversations />
      {form.kind === "closed" ? (
        <>
          <Notice>{closedMessage}</Notice>
          <p>
            <Link to="/">{t("pulse.backHome")}</Link>
          </p>
          <AnonymityReceipt teamName={form.teamName} minGroupSize={form.minGroupSize} minCommentGroupSize={form.minCommentGroupSize} closesOn={closesOn} />
        </>
      ) : form.answeredElsewhere && !saved && !holdsBallot ? (
        <>
          <Notice>{t("pulse.alreadyAnsweredUntil", { closesOn })}</Notice>
          <section className="card" aria-labelledby="next-step">
            <h2 id="next-step">{t("pulse.nextStep")}</h2>
            <ul>
              <li>{t("pulse.nothingMore")}</li>
              <li>{t("pulse.toChange", { closesOn })}</li>
            </ul>
            <p>
              <Link to="/">{t("pulse.backHome")}</Link>
            </p>
          </section>
          <AnonymityReceipt teamName={form.teamName} minGroupSize={form.minGroupSize} minCommentGroupSize={form.minCommentGroupSize} closesOn={closesOn} />
        </>
      ) : (
        <PulseForm
          waveId={form.waveId}
          ballot={form.ballot}
          closesAt={new Date(form.closesAt).toISOString()}
          programName={form.programName}
          teamName={form.teamName}
          closesOn={closesOn}
          minGroupSize={form.minGroupSize}
          minCommentGroupSize={form.minCommentGroupSize}
          items={form.items}
          anchors={form.anchors}
          answers={form.answers}
          idempotencyKey={idempotencyKey}
          result={result}
          saved={saved}
        />
      )}
    </div>
  );
}
