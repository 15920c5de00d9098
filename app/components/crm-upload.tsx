import { Form } from "@remix-run/react";
import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { SelectField } from "./forms";
import { useI18n } from "~/i18n/react";
import { said } from "~/i18n/said";
import { formatsFor } from "~/domain/format";

export type UploadResult = { status: string; message?: string } & Record<string, unknown>;

/**
 * The CRM upload form: a file picker that also takes a dropped file, the import options, and a progress
 * bar that moves while the file streams to the server (which reads and checks it as it arrives). Without
 * JavaScript it is a plain form post.
 */
export function CrmUploadForm({ today, uploadLimitMb, onResult }: { today: string; uploadLimitMb: number; onResult: (result: UploadResult) => void }) {
  const form = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<"idle" | "sending" | "processing">("idle");
  const [dragging, setDragging] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const { t, locale } = useI18n();

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file || !input.current) return;
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.current.files = transfer.files;
    setFileName(file.name);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    // With JavaScript, send it ourselves to report progress; the server streams it into the import.
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    // A file over the limit would be refused (413) as soon as its size is known: say so without sending it.
    const file = data.get("file");
    if (file instanceof File && file.size > uploadLimitMb * 1_000_000) {
      onResult({ status: "invalid-file", message: said("crm.upload.tooLarge", { limit: uploadLimitMb }) });
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/admin/crm/upload");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => setPhase("processing");
    xhr.onload = () => {
      setPhase("idle");
      setProgress(null);
      onResult((xhr.response as UploadResult | null) ?? { status: "invalid-file", message: said("crm.upload.serverAnswered", { status: xhr.status }) });
    };
    xhr.onerror = () => {
      setPhase("idle");
      onResult({ status: "invalid-file", message: said("crm.upload.interrupted") });
    };
    setPhase("sending");
    setProgress(0);
    xhr.send(data);
  };

  return (
    <Form method="post" encType="multipart/form-data" ref={form} onSubmit={onSubmit} className="stack">
      <input type="hidden" name="intent" value="upload" />
      <div className="grid-form">
        <SelectField
          name="format"
          label={t("crm.upload.format")}
          defaultValue="auto"
          options={[
            { value: "auto", label: t("crm.upload.format.auto") },
            { value: "salesforce", label: t("crm.upload.format.salesforce") },
            { value: "hubspot", label: t("crm.upload.format.hubspot") },
            { value: "pipedrive", label: t("crm.upload.format.pipedrive") },
            { value: "generic", label: t("crm.upload.format.generic") },
          ]}
        />
        <div className="field">
          <label htmlFor="crm-as-of">{t("crm.upload.asOf")}</label>
          <input id="crm-as-of" name="asOf" type="date" defaultValue={today} />
        </div>
        <SelectField
          name="encoding"
          label={t("crm.upload.encoding")}
          defaultValue="auto"
          options={[
            { value: "auto", label: t("crm.upload.encoding.auto") },
            { value: "utf-8", label: "UTF-8" },
            { value: "windows-1252", label: t("crm.upload.encoding.windows") },
          ]}
        />
        <SelectField
          name="dates"
          label={t("crm.upload.dates")}
          defaultValue="auto"
          options={[
            { value: "auto", label: t("crm.upload.dates.auto") },
            { value: "us", label: t("crm.upload.dates.us") },
            { value: "eu", label: t("crm.upload.dates.eu") },
          ]}
        />
      </div>
      <div className="checkbox">
        <input id="crm-valid-rows" name="importValidRows" type="checkbox" />
        <label htmlFor="crm-valid-rows">{t("crm.upload.validRows")}</label>
      </div>
      {/* Before the export itself: the server reads the form's fields in order, and the export streams into the import. */}
      <div className="field">
        <label htmlFor="crm-users">{t("crm.upload.users")}</label>
        <input id="crm-users" name="users" type="file" accept=".csv,text/csv" />
      </div>
      <div
        className={`dropzone${dragging ? " dropzone--active" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor="crm-file">{t("crm.upload.file")}</label>
        <input id="crm-file" ref={input} name="file" type="file" accept=".csv,text/csv" required onChange={(e) => setFileName(e.currentTarget.files?.[0]?.name ?? null)} />
        {fileName ? <p className="muted">{t("crm.upload.selected", { file: fileName })}</p> : null}
      </div>
      {phase !== "idle" ? (
        <div aria-live="polite">
          <label htmlFor="crm-progress">{phase === "sending" ? t("crm.upload.sending", { percent: formatsFor(locale).percent(progress ?? 0) }) : t("crm.upload.processing")}</label>
          {phase === "sending" ? <progress id="crm-progress" max={1} value={progress ?? 0} /> : <progress id="crm-progress" />}
        </div>
      ) : null}
      <button type="submit" className="button" disabled={phase !== "idle"}>
        {t("crm.upload.submit")}
      </button>
    </Form>
  );
}
