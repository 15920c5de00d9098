import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { DumbbellChart } from "~/components/charts/dumbbell";
import { Notice } from "~/components/forms";
import type { GapReading, GapRow } from "~/domain/gap";
import { agreementDirection, agreementGap, agreementOf, gapCase, inSentence, type GapAudience, type GapRowToRead } from "~/domain/reading";
import { getGapView } from "~/services/self-assessment.server";
import { gapInLanguage } from "~/services/results-language.server";
import { requestLocale } from "~/services/locale.server";
import { TableWrap } from "~/components/table-wrap";
import { useChartFormats } from "~/components/charts/formats";
import { useI18n } from "~/i18n/react";
import type { ReactNode } from "react";
import type { Messages } from "~/i18n/translate";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const messages = (matches.find((m) => m.id === "root")?.data as { language?: { messages?: Partial<Messages> } } | undefined)?.language?.messages;
  const team = data?.team.name ?? messages?.["team.title"] ?? "Team";
  const page = (messages?.["gap.title"] ?? "Self vs team: {team}").replace("{team}", team);
  return [{ title: (messages?.["meta.pageTitle"] ?? "{page} · Candor").replace("{page}", page) }];
};

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const view = await getGapView(context.app, user, params.teamId ?? "");
  return gapInLanguage(context.app, user.organisationId, view, await requestLocale(context, request));
}

const TONES: Record<GapReading, string> = {
  "blind-spot": "bad",
  "hidden-strength": "good",
  "no-clear-gap": "neutral",
  "no-manager-answer": "neutral",
};

/**
 * A gap row in the page's language: its category and the sentence that says what differs (the case is
 * app/domain/reading.ts's gapCase, the same rule as describeGap's English).
 */
function useGapWords() {
  const f = useChartFormats();
  const { t } = f;
  return (row: GapRowToRead, audience: GapAudience): { category: string; sentence: string } => {
    const category =
      row.reading === "blind-spot"
        ? t("gap.category.blindSpot")
        : row.reading === "hidden-strength"
          ? t("gap.category.hiddenStrength")
          : row.reading === "no-clear-gap"
            ? t("gap.category.noClearGap")
            : t("gap.category.notRated");
    const who = audience.viewerIsManager ? "you" : "other";
    const manager = audience.managerName ?? t("gap.theManager");
    const gap = gapCase(row);
    // A name inside a sentence starts in lower case, except in German, where nouns keep their capital.
    const name = (raw: string) => (f.locale === "de" ? raw : inSentence(raw));
    const sentence =
      gap.case === "not-rated"
        ? t("gap.sentence.notRated", { who, manager })
        : gap.case === "inside"
          ? t("gap.sentence.inside", { who, manager })
          : gap.case === "rates-higher"
            ? gap.managerHigher
              ? t("gap.sentence.managerRatesHigher", { who, manager, name: name(gap.name) })
              : t("gap.sentence.teamRatesHigher", { who, manager, name: name(gap.name) })
            : gap.case === "sees-more"
              ? gap.managerHigher
                ? t("gap.sentence.seesMore", { who, manager, name: name(gap.name) })
                : t("gap.sentence.seesLess", { who, manager, name: name(gap.name) })
              : gap.managerAgreesMore
                ? t("gap.sentence.managerAgreesMore", { who, manager, agreeing: gap.agreeing })
                : t("gap.sentence.teamAgreesMore", { who, manager, agreeing: gap.agreeing });
    return { category, sentence };
  };
}

/** A row's reading: its category as a badge, and what differs in words (app/domain/reading.ts). */
function Reading({ row, kind, audience }: { row: GapRow; kind: GapRowToRead["kind"]; audience: GapAudience }) {
  const { category, sentence } = useGapWords()(toRead(row, kind), audience);
  return (
    <>
      <span className={`badge badge--${TONES[row.reading]}`}>{category}</span>
      {/* Inside the interval there is nothing to say in words beyond the badge; the page's introduction explains it. */}
      {row.reading === "no-clear-gap" ? null : ` ${sentence}`}
    </>
  );
}

function toRead(row: GapRow, kind: GapRowToRead["kind"]): GapRowToRead {
  const common = { higherIsBetter: row.higherIsBetter, reading: row.reading, managerScore: row.managerScore, teamMean: row.teamMean };
  return kind === "dimension" ? { kind, name: row.label, ...common } : { kind, reverseKeyed: row.reverseKeyed, ...common };
}

function DimensionTable({ rows, audience }: { rows: GapRow[]; audience: GapAudience }) {
  const f = useChartFormats();
  const { t } = f;
  return (
    <TableWrap label={t("gap.byDimension")}>
      <table>
        <caption>{t("gap.byDimension")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("chart.col.dimension")}</th>
            <th scope="col" className="num">
              {audience.viewerIsManager ? t("gap.col.yourView") : t("gap.col.managerView")}
            </th>
            <th scope="col" className="num">
              {t("gap.col.teamMean")}
            </th>
            <th scope="col" className="num">
              {t("gap.col.gap")}
            </th>
            <th scope="col">{t("chart.dumbbell.col.reading")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">
                {row.label}
                <br />
                <span className="muted direction">{f.dimensionDirection(row.higherIsBetter)}</span>
              </th>
              <td className="num">{f.score(row.managerScore)}</td>
              <td className="num">{t("gap.meanCell", { mean: f.score(row.teamMean), interval: f.interval(row.ciLow, row.ciHigh), n: f.count(row.n) })}</td>
              <td className="num">{f.scoreChange(row.gap)}</td>
              <td>
                <Reading row={row} kind="dimension" audience={audience} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Items as agreement with the team's wording, each with which way is better (ADR 033). */
function ItemTable({ rows, audience }: { rows: GapRow[]; audience: GapAudience }) {
  const f = useChartFormats();
  const { t } = f;
  const caption = t("gap.byItem");
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("team.items.item")}</th>
            <th scope="col">{t("gap.col.betterWhen")}</th>
            <th scope="col" className="num">
              {audience.viewerIsManager ? t("gap.col.yourAgreement") : t("gap.col.managerAgreement")}
            </th>
            <th scope="col" className="num">
              {t("gap.col.teamAgreement")}
            </th>
            <th scope="col" className="num">
              {t("gap.col.difference")}
            </th>
            <th scope="col">{t("chart.dumbbell.col.reading")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const manager = agreementOf({ mean: row.managerScore, ciLow: null, ciHigh: null }, row.reverseKeyed).mean;
            const team = agreementOf({ mean: row.teamMean, ciLow: row.ciLow, ciHigh: row.ciHigh }, row.reverseKeyed);
            return (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td className="direction">{f.direction(agreementDirection(row.reverseKeyed, row.higherIsBetter))}</td>
                <td className="num">{f.score(manager)}</td>
                <td className="num">{t("gap.meanCell", { mean: f.score(team.mean), interval: f.interval(team.ciLow, team.ciHigh), n: f.count(row.n) })}</td>
                <td className="num">{f.scoreChange(agreementGap(row.gap, row.reverseKeyed))}</td>
                <td>
                  <Reading row={row} kind="item" audience={audience} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The largest blind spots or hidden strengths: each item with what differs in words and both agreements. */
function Largest({ rows, audience }: { rows: GapRow[]; audience: GapAudience }) {
  const f = useChartFormats();
  const words = useGapWords();
  return (
    <ol>
      {rows.map((r) => {
        const manager = agreementOf({ mean: r.managerScore, ciLow: null, ciHigh: null }, r.reverseKeyed).mean;
        const team = agreementOf({ mean: r.teamMean, ciLow: null, ciHigh: null }, r.reverseKeyed).mean;
        return (
          <li key={r.key}>
            {r.label}
            <br />
            <span className="muted">
              {f.t("gap.largestAgreement", {
                sentence: words(toRead(r, "item"), audience).sentence,
                who: audience.viewerIsManager ? "you" : "other",
                manager: f.score(manager),
                team: f.score(team),
                direction: f.direction(agreementDirection(r.reverseKeyed, r.higherIsBetter)),
              })}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export default function GapPage() {
  const view = useLoaderData<typeof loader>();
  const gap = view.gap;
  const audience: GapAudience = { viewerIsManager: view.viewerIsManager, managerName: view.managerName };
  const f = useChartFormats();
  const { t, say } = f;
  const { rich } = useI18n();
  const gapWords = useGapWords();
  return (
    <div className="page">
      <p>
        <Link to={`/teams/${view.team.id}`}>{t("gap.back", { team: view.team.name })}</Link>
      </p>
      <h1>{t("gap.title", { team: view.team.name })}</h1>
      <p>
        {rich<ReactNode>("gap.intro", {
          em: (chunks) => <em key={`em${String(chunks)}`}>{chunks}</em>,
          b: (chunks) => <strong key={`b${String(chunks)}`}>{chunks}</strong>,
        })}
      </p>
      {!view.wave ? (
        <Notice>{t("gap.noWave")}</Notice>
      ) : gap?.status === "hidden" ? (
        <Notice tone="warning">{t("gap.hidden", { program: view.wave.programName, date: f.date(view.wave.periodStart), reason: say(gap.reason) })}</Notice>
      ) : gap ? (
        <>
          <p className="muted">
            {view.answeredByManager
              ? t("gap.waveLine", { program: view.wave.programName, date: f.date(view.wave.periodStart), n: gap.n, manager: view.managerName ?? "" })
              : t("gap.waveLineNoSelf", { program: view.wave.programName, date: f.date(view.wave.periodStart), n: gap.n })}
          </p>
          <div className="grid-2">
            <section className="card" aria-labelledby="blind">
              <h2 id="blind">{t("gap.largestBlindSpots")}</h2>
              {gap.blindSpots.length === 0 ? <p className="muted">{t("gap.noBlindSpots")}</p> : <Largest rows={gap.blindSpots} audience={audience} />}
            </section>
            <section className="card" aria-labelledby="hidden">
              <h2 id="hidden">{t("gap.largestHiddenStrengths")}</h2>
              {gap.hiddenStrengths.length === 0 ? <p className="muted">{t("gap.noHiddenStrengths")}</p> : <Largest rows={gap.hiddenStrengths} audience={audience} />}
            </section>
          </div>
          <DumbbellChart
            title={view.managerName ? t("gap.chartTitle", { manager: view.managerName }) : t("gap.chartTitleNoName")}
            rows={gap.dimensions.map((d) => {
              const words = gapWords(toRead(d, "dimension"), audience);
              return {
                key: d.key,
                label: d.label,
                direction: f.dimensionDirection(d.higherIsBetter),
                managerScore: d.managerScore,
                teamMean: d.teamMean,
                ciLow: d.ciLow,
                ciHigh: d.ciHigh,
                reading: words.category,
                readingInWords: words.sentence,
              };
            })}
          />
          <DimensionTable rows={gap.dimensions} audience={audience} />
          <ItemTable rows={gap.items} audience={audience} />
          {gap.hiddenItems > 0 ? <p className="muted">{t("gap.hiddenItems", { count: gap.hiddenItems })}</p> : null}
          {gap.teamOnlyItems > 0 ? <p className="muted">{t("gap.teamOnlyItems", { count: gap.teamOnlyItems })}</p> : null}
        </>
      ) : null}
      {view.trend.length > 1 ? (
        <section aria-labelledby="trend">
          <h2 id="trend">{t("gap.trendHeading")}</h2>
          <TableWrap label={t("gap.trendCaption")}>
            <table>
              <caption className="visually-hidden">{t("gap.trendCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("chart.col.dimension")}</th>
                  {view.trend.map((w) => (
                    <th key={w.periodStart} scope="col" className="num">
                      {f.date(w.periodStart)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.dimensions.map((d) => (
                  <tr key={d.key}>
                    <th scope="row">{f.withDirection(d.name, d.higherIsBetter)}</th>
                    {view.trend.map((w) => (
                      <td key={w.periodStart} className="num">
                        {f.scoreChange(w.gaps[d.key] ?? null)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <p className="muted">{t("gap.trendNote")}</p>
        </section>
      ) : null}
    </div>
  );
}
