// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormMessage, SelectField } from "~/components/forms";
import { requireUserWithRole } from "~/auth/guards.server";
import { addCustomItem, getItemBank, setEdmondsonEnabled, setItemRetirement } from "~/services/instrument.server";
import { parseForm, readForm } from "~/http/forms.server";
import { attempt, refused } from "~/http/errors.server";

export const meta: MetaFunction = () => [{ title: "Item bank · Candor" }];

const emptyToNull = z.literal("").transform(() => null);
const ItemActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    text: z.string().trim().min(8, "Write the statement people will rate (at least 8 characters)").max(300, "Use at most 300 characters"),
    dimensionKey: z.string().min(1).or(emptyToNull),
    newDimensionName: z.string().trim().max(80, "Use at most 80 characters").min(1).or(emptyToNull),
    reverseKeyed: z
      .literal("on")
      .optional()
      .transform((v) => v === "on"),
  }),
  z.object({ intent: z.literal("retire"), code: z.string().min(1) }),
  z.object({ intent: z.literal("restore"), code: z.string().min(1) }),
  z.object({ intent: z.literal("edmondson"), enabled: z.enum(["on", "off"]) }),
]);

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  return getItemBank(context.app, user);
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  const parsed = parseForm(ItemActionSchema, await readForm(request));
  if (!parsed.success) return data({ ...parsed.errors, done: null }, { status: 400 });
  const input = parsed.data;
  const app = context.app;
  const result = await attempt(async () => {
    switch (input.intent) {
      case "add":
        return `Item ${(await addCustomItem(app, user, input)).code} added.`;
      case "retire":
        await setItemRetirement(app, user, input.code, true);
        return `${input.code} retired: kept for history, offered to no new program.`;
      case "restore":
        await setItemRetirement(app, user, input.code, false);
        return `${input.code} is available again.`;
      case "edmondson":
        await setEdmondsonEnabled(app, user, input.enabled === "on");
        return input.enabled === "on" ? "Edmondson's seven items are now available for new programs." : "Edmondson's items are switched off for new programs.";
    }
  });
  if (!result.ok) return refused(result);
  return { done: result.value, formError: undefined, fieldErrors: {} as Record<string, string> };
}

export default function Items() {
  const bank = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page">
      <h1>Item bank</h1>
      <p>
        Candor&apos;s default items are its own wording, keyed like their sources. They are not &quot;validated&quot; instruments: each result shows its reliability
        (Cronbach&apos;s alpha) and agreement (rwg) so you can judge them. Items marked R are reverse-keyed (scored as 8 − answer).
      </p>
      <FormMessage error={result?.formError} success={result && "done" in result && result.done ? result.done : undefined} />
      {bank.dimensions.map((dimension) => (
        <section key={dimension.key} className="card" aria-labelledby={`dim-${dimension.key}`}>
          <h2 id={`dim-${dimension.key}`}>{dimension.name}</h2>
          <p className="muted">{dimension.description}</p>
          <ul className="item-list">
            {dimension.items.map((item) => (
              <li key={item.code} className={item.retiredAt ? "retired" : undefined}>
                <span className="badge">{item.code}</span> {item.text}{" "}
                {item.reverseKeyed ? (
                  <span className="badge" title="Reverse-keyed">
                    R
                  </span>
                ) : null}{" "}
                {item.retiredAt ? <em className="muted">(retired)</em> : null}
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value={item.retiredAt ? "restore" : "retire"} />
                  <input type="hidden" name="code" value={item.code} />
                  <button type="submit" className="link-button">
                    {item.retiredAt ? "Restore" : "Retire"}
                    <span className="visually-hidden"> {item.code}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section className="card" aria-labelledby="other-items">
        <h2 id="other-items">Outside the dimensions</h2>
        <ul className="item-list">
          {bank.otherItems.map((item) => (
            <li key={item.code}>
              <span className="badge">{item.code}</span> {item.text}{" "}
              <span className="muted">({item.scale === "nps11" ? "0–10, reported as eNPS" : "free text, up to 2,000 characters"})</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="add-item">
        <h2 id="add-item">Add your own item</h2>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="add" />
          <Field name="text" label="Statement (rated from Strongly disagree to Strongly agree)" error={result?.fieldErrors?.text} />
          <SelectField
            name="dimensionKey"
            label="Dimension"
            options={[{ value: "", label: "A new dimension (name it below)" }, ...bank.dimensions.map((d) => ({ value: d.key, label: d.name }))]}
            error={result?.fieldErrors?.dimensionKey}
          />
          <Field name="newDimensionName" label="New dimension name" hint="Only when the item starts a new dimension." error={result?.fieldErrors?.newDimensionName} />
          <div className="checkbox">
            <input id="reverse" name="reverseKeyed" type="checkbox" />
            <label htmlFor="reverse">Reverse-keyed (agreeing means a worse result)</label>
          </div>
          <button type="submit" className="button">
            Add item
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="edmondson">
        <h2 id="edmondson">Edmondson&apos;s psychological safety items</h2>
        <p>
          Amy Edmondson&apos;s original seven items can be offered as an opt-in set, shown with their citation. The copyright status of the item wording is unclear, so they are off
          by default.
        </p>
        <p className="muted">{bank.edmondsonCitation}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="edmondson" />
          <input type="hidden" name="enabled" value={bank.edmondsonEnabled ? "off" : "on"} />
          <button type="submit" className="button button--secondary">
            {bank.edmondsonEnabled ? "Switch off Edmondson's items" : "Switch on Edmondson's items"}
          </button>
        </Form>
      </section>
    </div>
  );
}
