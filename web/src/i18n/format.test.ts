import { describe, expect, it } from "vitest";
import { formatDate, formatMoney } from "./format";

describe("formatMoney", () => {
  it("groups thousands and keeps two decimals exactly", () => {
    expect(formatMoney("1234567.5")).toBe("1,234,567.50");
    expect(formatMoney("0.01")).toBe("0.01");
    expect(formatMoney("999")).toBe("999.00");
    expect(formatMoney("-12345.678")).toBe("-12,345.67");
  });
  it("does not round through a float", () => {
    expect(formatMoney("90071992547409.99")).toBe("90,071,992,547,409.99");
  });
});

describe("formatDate", () => {
  it("writes the zh-CN date without leading zeros", () => {
    expect(formatDate("2026-03-12", "zh-CN")).toBe("2026年3月12日");
  });
  it("keeps the ISO day in English", () => {
    expect(formatDate("2026-03-12T08:00:00Z", "en")).toBe("2026-03-12");
  });
});
