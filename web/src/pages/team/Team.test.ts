import { describe, expect, it } from "vitest";
import { monthEndAfter, monthStartAfter } from "./Team";

describe("monthStartAfter", () => {
  it("finds the first day of a month across year ends", () => {
    expect(monthStartAfter("2026-12-08", 0)).toBe("2026-12-01");
    expect(monthStartAfter("2026-12-08", 1)).toBe("2027-01-01");
    expect(monthStartAfter("2026-08-31", 6)).toBe("2027-02-01");
  });
});

describe("monthEndAfter", () => {
  it("finds the last day of a month, leap years included", () => {
    expect(monthEndAfter("2026-12-08", 0)).toBe("2026-12-31");
    expect(monthEndAfter("2027-12-08", 2)).toBe("2028-02-29");
    expect(monthEndAfter("2026-12-08", 5)).toBe("2027-05-31");
  });
});
