import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { canMakeBallots, storedAnswers } from "~/utils/ballot-storage.client";
import { AudienceChangesNote } from "./audience-changes-note";
import { formatLastDay } from "~/domain/format";
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
  result,
}: {
  form: Omit<LoadedForm, "closesAt"> & { closesAt: Date | string };
  idempotencyKey: string;
  saved: string | null;
  closedMessage: string;
  result?: { formError?: string; fieldErrors?: Record<string, string> };
}) {
  // The last moment a wave is open is just before closesAt: show that day.
  const closesOn = formatLastDay(form.closesAt);
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
            <Link to="/">Back to the home page</Link>
          </p>
          <AnonymityReceipt teamName={form.teamName} minGroupSize={form.minGroupSize} minCommentGroupSize={form.minCommentGroupSize} closesOn={closesOn} />
        </>
      ) : form.answeredElsewhere && !saved && !holdsBallot ? (
        <>
          <Notice>
            You have already answered this pulse from another browser or device. Your answers are anonymous, so Candor cannot show them here; you can change them from the browser
            you answered on, until {closesOn}.
          </Notice>
          <section className="card" aria-labelledby="next-step">
            <h2 id="next-step">What you can do now</h2>
            <ul>
              <li>Nothing more is needed: your answers from the other device are saved and count.</li>
              <li>To change them, open this pulse on the device and browser you answered on, before {closesOn}: your answers are waiting there.</li>
            </ul>
            <p>
              <Link to="/">Back to the home page</Link>
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
          answers={form.answers}
          idempotencyKey={idempotencyKey}
          result={result}
          saved={saved}
        />
      )}
    </div>
  );
}
