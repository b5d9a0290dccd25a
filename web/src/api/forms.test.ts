import { describe, expect, it } from "vitest";
import { failureMessageKey, formFieldOf } from "./forms";

describe("formFieldOf", () => {
  const fields = ["name", "creditCode", "summary"] as const;
  it("finds the form field behind the API's path", () => {
    expect(formFieldOf("name", fields)).toBe("name");
    expect(formFieldOf("input.creditCode", fields)).toBe("creditCode");
    expect(formFieldOf("input.summary", fields)).toBe("summary");
  });
  it("gives up on a field the form does not have", () => {
    expect(formFieldOf("input.version", fields)).toBeUndefined();
  });
});

describe("failureMessageKey", () => {
  it("asks for a reload on a stale version and offers a retry on a 5xx", () => {
    expect(failureMessageKey({ code: "CONFLICT", message: "stale" })).toBe("error.conflict");
    expect(failureMessageKey({ code: "INTERNAL", message: "x" })).toBe("error.server");
    expect(failureMessageKey({ code: "VALIDATION", message: "x" })).toBeNull();
  });
});
