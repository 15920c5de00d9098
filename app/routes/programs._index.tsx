// i18n: words not yet in the catalogue (issue 26): app/i18n/english-literals.test.ts lists this file until they are.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { CADENCE_LABELS } from "~/domain/schedule";
import { getPrograms } from "~/services/programs.server";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Pulse programs · Candor" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  return { programs: await getPrograms(context.app, user), canImport: user.role === "admin" };
}

export default function Programs() {
  const { programs, canImport } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Pulse programs</h1>
      <p>
        <Link className="button" to="/programs/new">
          New pulse program
        </Link>{" "}
        <Link className="button button--secondary" to="/items">
          Item bank
        </Link>{" "}
        {canImport ? (
          <Link className="button button--secondary" to="/admin/history">
            Import past results
          </Link>
        ) : null}
      </p>
      {programs.length === 0 ? (
        <p className="muted">No pulse program yet. Create one: pick the items, the teams and how often it runs.</p>
      ) : (
        <TableWrap label="Pulse programs">
          <table>
            <caption className="visually-hidden">Pulse programs</caption>
            <thead>
              <tr>
                <th scope="col">Program</th>
                <th scope="col">Runs</th>
                <th scope="col" className="num">
                  Waves
                </th>
                <th scope="col">Now</th>
              </tr>
            </thead>
            <tbody>
              {programs.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/programs/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>{p.source === "history" ? "Imported history" : CADENCE_LABELS[p.cadence]}</td>
                  <td className="num">{p.waveCount}</td>
                  <td>{!p.active ? "Paused" : p.openWave ? <span className="badge badge--open">Wave open</span> : "Between waves"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
