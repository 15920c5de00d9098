// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { Form } from "@remix-run/react";
import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { SelectField } from "./forms";

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
      onResult({ status: "invalid-file", message: `The file is larger than the upload limit of ${uploadLimitMb} MB, so nothing was imported.` });
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
      onResult((xhr.response as UploadResult | null) ?? { status: "invalid-file", message: `The server answered ${xhr.status}.` });
    };
    xhr.onerror = () => {
      setPhase("idle");
      onResult({ status: "invalid-file", message: "The upload was interrupted. Nothing was imported; try again." });
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
          label="Format"
          defaultValue="auto"
          options={[
            { value: "auto", label: "Recognise from the columns" },
            { value: "salesforce", label: "Salesforce Opportunities report" },
            { value: "hubspot", label: "HubSpot deals export" },
            { value: "pipedrive", label: "Pipedrive deals export" },
            { value: "generic", label: "Other CSV (choose the columns)" },
          ]}
        />
        <div className="field">
          <label htmlFor="crm-as-of">Snapshot date</label>
          <input id="crm-as-of" name="asOf" type="date" defaultValue={today} />
        </div>
        <SelectField
          name="encoding"
          label="Text encoding"
          defaultValue="auto"
          options={[
            { value: "auto", label: "Detect" },
            { value: "utf-8", label: "UTF-8" },
            { value: "windows-1252", label: "Windows-1252 (Excel on Windows)" },
          ]}
        />
        <SelectField
          name="dates"
          label="Dates like 3/4/2026 are"
          defaultValue="auto"
          options={[
            { value: "auto", label: "Decide from the file" },
            { value: "us", label: "Month first (US)" },
            { value: "eu", label: "Day first (Europe)" },
          ]}
        />
      </div>
      <div className="checkbox">
        <input id="crm-valid-rows" name="importValidRows" type="checkbox" />
        <label htmlFor="crm-valid-rows">If some rows are wrong, import the others and list the ones left out</label>
      </div>
      {/* Before the export itself: the server reads the form's fields in order, and the export streams into the import. */}
      <div className="field">
        <label htmlFor="crm-users">Salesforce users (optional): User.csv with Id, Email and Name, when the owners are user ids (OwnerId)</label>
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
        <label htmlFor="crm-file">CRM export (CSV): choose a file, or drop it here</label>
        <input id="crm-file" ref={input} name="file" type="file" accept=".csv,text/csv" required onChange={(e) => setFileName(e.currentTarget.files?.[0]?.name ?? null)} />
        {fileName ? <p className="muted">Selected: {fileName}</p> : null}
      </div>
      {phase !== "idle" ? (
        <div aria-live="polite">
          <label htmlFor="crm-progress">
            {phase === "sending" ? `Uploading and checking… ${Math.round((progress ?? 0) * 100)}%` : "Reading the file and comparing it with the last snapshot…"}
          </label>
          {phase === "sending" ? <progress id="crm-progress" max={1} value={progress ?? 0} /> : <progress id="crm-progress" />}
        </div>
      ) : null}
      <button type="submit" className="button" disabled={phase !== "idle"}>
        Upload to check it
      </button>
    </Form>
  );
}
