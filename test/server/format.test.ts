import { countOf, statusWord } from "@/lib/format";

describe("format", () => {
  it("counts with the right noun for one, many and a list with further pages", () => {
    expect(countOf(1, "model")).toBe("1 model");
    expect(countOf(0, "model")).toBe("0 models");
    expect(countOf(4, "model")).toBe("4 models");
    expect(countOf(1, "model", { more: true })).toBe("1+ models");
    expect(countOf(2, "API key")).toBe("2 API keys");
  });
  it("names statuses with the badges' words", () => {
    expect(["VALID", "INVALID", "PENDING", "NOT_CONFIGURED"].map(statusWord)).toEqual(["Valid", "Invalid", "Pending", "Not configured"]);
  });
});
