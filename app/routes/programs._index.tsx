import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUserWithRole } from "~/auth/guards.server";
import { CADENCE_KEYS } from "~/domain/schedule";
import { getPrograms } from "~/services/programs.server";
import { TableWrap } from "~/components/table-wrap";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "program.list.title", "Pulse programs");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUserWithRole(context, request, "enablement", "admin");
  return { programs: await getPrograms(context.app, user), canImport: user.role === "admin" };
}

export default function Programs() {
  const { programs, canImport } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t("program.list.title")}</h1>
      <p>
        <Link className="button" to="/programs/new">
          {t("program.list.new")}
        </Link>{" "}
        <Link className="button button--secondary" to="/items">
          {t("program.list.itemBank")}
        </Link>{" "}
        {canImport ? (
          <Link className="button button--secondary" to="/admin/history">
            {t("program.list.importHistory")}
          </Link>
        ) : null}
      </p>
      {programs.length === 0 ? (
        <p className="muted">{t("program.list.empty")}</p>
      ) : (
        <TableWrap label={t("program.list.title")}>
          <table>
            <caption className="visually-hidden">{t("program.list.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("program.list.program")}</th>
                <th scope="col">{t("program.list.runs")}</th>
                <th scope="col" className="num">
                  {t("program.list.waves")}
                </th>
                <th scope="col">{t("program.list.now")}</th>
              </tr>
            </thead>
            <tbody>
              {programs.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/programs/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>{p.source === "history" ? t("program.list.importedHistory") : t(CADENCE_KEYS[p.cadence])}</td>
                  <td className="num">{p.waveCount}</td>
                  <td>
                    {!p.active ? t("program.list.paused") : p.openWave ? <span className="badge badge--open">{t("program.list.waveOpen")}</span> : t("program.list.betweenWaves")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
