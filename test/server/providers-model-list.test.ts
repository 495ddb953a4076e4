import { modelOwners, readModelList } from "@/lib/providers/model-list";

describe("readModelList", () => {
  it("reads id, owner and type from an OpenAI-style list", () => {
    const models = readModelList({
      data: [
        { id: "gpt-4o", owned_by: "system", type: "base" },
        { id: "ft:gpt-4o:acme::abc", owned_by: "acme" },
        { id: "whisper-1", owned_by: "system" },
      ],
    });
    expect(models).toEqual([
      { id: "gpt-4o", ownedBy: "system", type: "base" },
      { id: "ft:gpt-4o:acme::abc", ownedBy: "acme", type: null },
      { id: "whisper-1", ownedBy: "system", type: null },
    ]);
    expect(modelOwners(models)).toEqual(["system", "acme"]);
  });

  it("skips entries without a string id and lists nothing from a body of another shape", () => {
    expect(readModelList({ data: [null, { id: 7 }, { owned_by: "x" }, { id: "ok", owned_by: 3 }] })).toEqual([{ id: "ok", ownedBy: null, type: null }]);
    for (const body of [null, undefined, "models", [], { data: "x" }, { data: { id: "a" } }]) expect(readModelList(body)).toEqual([]);
  });
});
