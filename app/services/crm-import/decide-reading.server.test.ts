import { describe, expect, it } from "vitest";
import type { LinedRecord } from "~/domain/csv-stream";
import { ReadingSample, SAMPLE_RECORDS } from "./decide-reading.server";
import { ImportStop } from "./outcome.server";
import { inEnglish } from "~/i18n/in-english.server";

// Columns: id, close date, created date, amount.
const MAPPING = { crmId: 0, closeDate: 1, createdDate: 2, amount: 3 };
let line = 1;
const record = (close: string, created: string, amount: string): LinedRecord => ({ line: ++line, values: ["D", close, created, amount] });

function stop(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportStop) return error.result;
    throw error;
  }
  throw new Error("no ImportStop");
}

describe("ReadingSample (stage 3: date order and decimal separator from the first records)", () => {
  it("decides as soon as a date can only be read one way, with the decimal separator of the amounts held so far", () => {
    const sample = new ReadingSample(MAPPING, "auto");
    expect(sample.add(record("3/4/2026", "1/2/2026", "1.250,50"))).toBeNull();
    expect(sample.add(record("3/25/2026", "", "900"))).toEqual({ dateOrder: "mdy", decimal: "," });
    expect(sample.takeHeld().map((r) => r.values[1])).toEqual(["3/4/2026", "3/25/2026"]);
    expect(sample.takeHeld()).toEqual([]);

    const european = new ReadingSample(MAPPING, "auto");
    expect(european.add(record("25/3/2026", "", "1,250.50"))).toEqual({ dateOrder: "dmy", decimal: "." });
  });

  it("takes ISO dates (or none) as read either way, and the user's order without looking", () => {
    expect(new ReadingSample(MAPPING, "auto").add(record("2026-03-04", "", "10"))).toEqual({ dateOrder: "mdy", decimal: undefined });
    expect(new ReadingSample({ crmId: 0 }, "auto").add(record("3/4/2026", "", ""))).toEqual({ dateOrder: "mdy", decimal: undefined });
    expect(new ReadingSample(MAPPING, "eu").add(record("3/4/2026", "", "10,5"))).toEqual({ dateOrder: "dmy", decimal: "," });
    expect(new ReadingSample(MAPPING, "us").add(record("25/3/2026", "", ""))).toEqual({ dateOrder: "mdy", decimal: undefined });
  });

  it("refuses dates written both ways, even across records", () => {
    const sample = new ReadingSample(MAPPING, "auto");
    expect(sample.add(record("3/4/2026", "", ""))).toBeNull();
    expect(inEnglish(stop(() => sample.add(record("25/3/2026", "3/25/2026", ""))))).toEqual({
      status: "invalid-file",
      message: "The dates in this file are written both month-first and day-first. Choose US or European dates and upload it again.",
    });
  });

  it("asks for the date order when every date stays ambiguous over the sample or the whole file, showing some of them", () => {
    const sample = new ReadingSample(MAPPING, "auto");
    for (let i = 1; i < SAMPLE_RECORDS; i++) expect(sample.add(record(`${(i % 12) + 1}/1/2026`, "1/2/2026", ""))).toBeNull();
    const asked = stop(() => sample.add(record("1/1/2026", "", "")));
    expect(asked).toMatchObject({ status: "needs-date-order", samples: ["2/1/2026", "1/2/2026", "3/1/2026", "4/1/2026", "5/1/2026", "6/1/2026", "7/1/2026", "8/1/2026"] });

    const short = new ReadingSample(MAPPING, "auto");
    short.hold(record("3/4/2026", "", ""));
    expect(inEnglish(stop(() => short.finish()))).toMatchObject({ status: "needs-date-order", samples: ["3/4/2026"] });
  });

  it("decides at the end of the file from everything held, held records included", () => {
    const sample = new ReadingSample(MAPPING, "us");
    sample.hold(record("3/4/2026", "", "1.5"));
    sample.hold(record("3/4/2026", "", "2,5"));
    expect(sample.finish()).toEqual({ dateOrder: "mdy", decimal: undefined });
    expect(sample.takeHeld()).toHaveLength(2);
  });
});
