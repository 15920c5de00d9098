import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { Notice } from "~/components/forms";
import { isSignal, PLAY_DIMENSIONS, SIGNAL_KEYS } from "~/domain/playbook";
import { canEditPlays, listPlays } from "~/services/playbook.server";
import { requestLocale } from "~/services/locale.server";
import { playDimensionsIn, playTextIn } from "~/services/playbook-language.server";
import { useI18n } from "~/i18n/react";
import { titleFrom } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => titleFrom(matches, "play.list.title", "Playbook");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const url = new URL(request.url);
  const asked = url.searchParams.get("dimension");
  const dimension = PLAY_DIMENSIONS.some((d) => d.key === asked) ? asked : null;
  const canEdit = canEditPlays(user);
  const plays = await listPlays(context.app, user, { dimension, includeArchived: canEdit });
  const locale = await requestLocale(context, request);
  const card = (p: (typeof plays)[number]) => {
    // Candor's own plays in the reader's language; the organisation's words as written. A card shows no long text.
    const { title, summary, cadence } = playTextIn(p, locale);
    return { id: p.id, title, summary, cadence, dimensionKeys: p.dimensionKeys, signals: p.signals, source: p.source };
  };
  return {
    dimension,
    dimensions: playDimensionsIn(locale),
    canEdit,
    plays: plays.filter((p) => !p.archivedAt).map(card),
    archived: plays.filter((p) => p.archivedAt).map(card),
  };
}

type Card = ReturnType<typeof useLoaderData<typeof loader>>["plays"][number];

function PlayCard({ play, dimensionName }: { play: Card; dimensionName: (key: string) => string }) {
  const { t } = useI18n();
  return (
    <li className="card play-card">
      <h2 className="play-card__title">
        <Link to={`/playbook/${play.id}`}>{play.title}</Link>
      </h2>
      <p>{play.summary}</p>
      <p className="muted">
        {play.cadence} · {play.dimensionKeys.map(dimensionName).join(", ")}
        {play.source === "custom" ? ` · ${t("play.list.own")}` : ""}
      </p>
      {play.signals.length > 0 ? (
        <p className="play-card__signals">
          {play.signals.filter(isSignal).map((s) => (
            <span key={s} className="badge badge--neutral">
              {t(SIGNAL_KEYS[s])}
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}

export default function Playbook() {
  const { dimension, dimensions, canEdit, plays, archived } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const dimensionName = (key: string) => dimensions.find((d) => d.key === key)?.name ?? key;
  return (
    <div className="page">
      <h1>{t("play.list.title")}</h1>
      <p>{t("play.list.intro")}</p>
      {canEdit ? (
        <p className="no-print">
          <Link to="/playbook/new" className="button">
            {t("play.list.add")}
          </Link>
        </p>
      ) : null}
      <Form method="get" className="inline-form no-print" aria-label={t("play.list.filter")}>
        <div className="field">
          <label htmlFor="filter-dimension">{t("play.list.dimension")}</label>
          <select id="filter-dimension" name="dimension" defaultValue={dimension ?? ""}>
            <option value="">{t("play.list.allDimensions")}</option>
            {dimensions.map((d) => (
              <option key={d.key} value={d.key}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--secondary">
          {t("play.list.show")}
        </button>
      </Form>
      {plays.length === 0 ? (
        <Notice>
          {dimension ? t("play.list.noneFor", { dimension: locale === "de" ? dimensionName(dimension) : dimensionName(dimension).toLowerCase() }) : t("play.list.none")}
        </Notice>
      ) : (
        <ul className="play-list">
          {plays.map((p) => (
            <PlayCard key={p.id} play={p} dimensionName={dimensionName} />
          ))}
        </ul>
      )}
      {canEdit && archived.length > 0 ? (
        <details className="card">
          <summary>{t("play.list.archived", { count: archived.length })}</summary>
          <ul className="play-list">
            {archived.map((p) => (
              <PlayCard key={p.id} play={p} dimensionName={dimensionName} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
