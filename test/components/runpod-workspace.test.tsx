import { fireEvent, render, screen, within } from "@testing-library/react";
import type { GpuRow } from "@/lib/runpod/gpu-table";

// The action is a stand-in (creation is tested in test/server/runpod-endpoints.test.ts); what is
// under test is the table a person scans and that choosing a row fills the form.
const sent: Record<string, FormDataEntryValue>[] = [];
jest.mock("@/actions/runpod/create-runpod-endpoint", () => ({
  createRunpodEndpointAction: async (_p: unknown, data: FormData) => { sent.push(Object.fromEntries(data)); return { ok: true, data: { deploymentId: "d1" }, message: "Endpoint created." }; },
}));

import { RunpodWorkspace } from "@/components/runpod/runpod-workspace";

const gpu = (id: string, name: string, memoryGb: number, availability: GpuRow["availability"], serverless: number | null, pool: string | null = "POOL"): GpuRow =>
  ({ id, name, pool, memoryGb, availability, price: { secure: 1, community: 0.5, serverless } });
const GPUS = [
  gpu("h100", "H100", 80, "NONE", 1.05),
  gpu("a100", "A100", 80, "LOW", 0.76),
  gpu("4090", "RTX 4090", 24, "HIGH", 0.31),
  gpu("l4", "L4", 24, "HIGH", 0.19),
  gpu("3070", "RTX 3070", 8, "MEDIUM", null, null),
];
const names = () => screen.getAllByRole("row").slice(1).map((r) => within(r).getByRole("rowheader").firstChild?.textContent);

describe("RunPod GPU panel and endpoint form", () => {
  it("sorts by availability then price, says availability in words, and filters by memory", () => {
    render(<RunpodWorkspace orgSlug="acme" gpus={GPUS} fetchedAt={Date.UTC(2026, 11, 3, 12, 0, 0)} form={null} />);
    expect(names()).toEqual(["L4", "RTX 4090", "RTX 3070", "A100", "H100"]);
    const h100 = screen.getByRole("row", { name: /H100/ });
    expect(within(h100).getByText("None")).toBeInTheDocument();
    expect(screen.getByText(/from RunPod at 12:00:00 UTC/)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Memory at least"), { target: { value: "48" } });
    expect(names()).toEqual(["A100", "H100"]);
    // Members look only: no Use buttons, no form.
    expect(screen.queryByRole("button", { name: /^Use / })).toBeNull();
    expect(screen.queryByRole("heading", { name: "New serverless endpoint" })).toBeNull();
  });

  it("offers Use only for GPUs with a serverless pool, and a chosen GPU goes into the form", async () => {
    render(<RunpodWorkspace orgSlug="acme" gpus={GPUS} fetchedAt={0} form={{ choices: [{ id: "11111111-1111-4111-8111-111111111111", label: 'OpenAI "default"', fingerprint: "…abcd", variables: ["OPENAI_API_KEY"] }], defaultTemplateId: null, templates: null }} />);
    expect(screen.queryByRole("button", { name: "Use RTX 3070 for the endpoint" })).toBeNull();
    expect(screen.getByText("Choose a GPU with Use in the table above.")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Use RTX 4090 for the endpoint" }));
    expect(screen.getByRole("button", { name: "Use RTX 4090 for the endpoint" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByText(/per GPU-hour on serverless/).textContent).toBe("GPU: RTX 4090, 24 GB, $0.31 per GPU-hour on serverless (pool POOL).");
    fireEvent.change(screen.getByLabelText(/Endpoint name/), { target: { value: "whisper" } });
    fireEvent.change(screen.getByLabelText("Container image"), { target: { value: "runpod/worker:1" } });
    fireEvent.click(screen.getByLabelText(/OpenAI "default"/));
    fireEvent.click(screen.getByRole("button", { name: "Create endpoint" }));
    expect(await screen.findByText("Endpoint created.")).toBeInTheDocument();
    expect(sent.at(-1)).toMatchObject({ orgSlug: "acme", gpuTypeId: "4090", name: "whisper", source: "image", image: "runpod/worker:1", "credential.11111111-1111-4111-8111-111111111111": "on" });
  });

  it("picks a template from the account's serverless templates, or takes a typed id when RunPod could not list them", async () => {
    const templates = { ok: true as const, templates: [{ id: "tpl-whisper", name: "Whisper large v3", image: "runpod/worker-faster_whisper:stable" }, { id: "tpl-sdxl", name: "SDXL turbo", image: "runpod/worker-sdxl:stable" }] };
    const { unmount } = render(<RunpodWorkspace orgSlug="acme" gpus={GPUS} fetchedAt={0} form={{ choices: [], defaultTemplateId: null, templates }} />);
    // With templates to pick from, the form starts from one.
    expect(screen.getByLabelText("A RunPod template")).toBeChecked();
    const picker = screen.getByLabelText("Template");
    expect(within(picker).getAllByRole("option").map((o) => o.textContent)).toEqual(["Whisper large v3 (runpod/worker-faster_whisper:stable)", "SDXL turbo (runpod/worker-sdxl:stable)"]);
    fireEvent.change(picker, { target: { value: "tpl-sdxl" } });
    fireEvent.click(screen.getByRole("button", { name: "Use L4 for the endpoint" }));
    fireEvent.change(screen.getByLabelText(/Endpoint name/), { target: { value: "sdxl" } });
    fireEvent.click(screen.getByRole("button", { name: "Create endpoint" }));
    expect(await screen.findByText("Endpoint created.")).toBeInTheDocument();
    expect(sent.at(-1)).toMatchObject({ source: "template", templateId: "tpl-sdxl", gpuTypeId: "l4", name: "sdxl" });
    unmount();

    render(<RunpodWorkspace orgSlug="acme" gpus={GPUS} fetchedAt={0} form={{ choices: [], defaultTemplateId: "tpl-mine", templates: { ok: false, error: "RunPod is rate-limiting this account." } }} />);
    expect(screen.getByRole("textbox", { name: "Template id" })).toHaveValue("tpl-mine");
    expect(screen.getByText(/The account's templates could not be listed: RunPod is rate-limiting this account\./)).toBeInTheDocument();
  });

  it("disables Use for a GPU with no availability, and says why", () => {
    render(<RunpodWorkspace orgSlug="acme" gpus={GPUS} fetchedAt={0} form={{ choices: [], defaultTemplateId: null, templates: null }} />);
    const h100 = screen.getByRole("button", { name: "Use H100 for the endpoint" });
    expect(h100).toBeDisabled();
    expect(h100).toHaveAccessibleDescription("none free now");
    expect(screen.getByRole("button", { name: "Use A100 for the endpoint" })).toBeEnabled();
  });

  it("marks the RunPod key Switchboard uses among the env choices and warns when it is ticked", () => {
    const choices = [
      { id: "11111111-1111-4111-8111-111111111111", label: 'OpenAI "default"', fingerprint: "…abcd", variables: ["OPENAI_API_KEY"] },
      { id: "22222222-2222-4222-8222-222222222222", label: 'RunPod "default"', fingerprint: "…m3N4", variables: ["RUNPOD_API_KEY", "RUNPOD_TEMPLATE_ID"], deployKey: true },
    ];
    render(<RunpodWorkspace orgSlug="acme" gpus={GPUS} fetchedAt={0} form={{ choices, defaultTemplateId: null, templates: null }} />);
    expect(screen.getByText("the key Switchboard uses")).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText(/OpenAI "default"/));
    expect(screen.queryByText(/Every worker of this endpoint/)).toBeNull();
    fireEvent.click(screen.getByLabelText(/RunPod "default"/));
    expect(screen.getByText(/This is the API key Switchboard creates endpoints with\. Every worker of this endpoint/)).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText(/RunPod "default"/));
    expect(screen.queryByText(/Every worker of this endpoint/)).toBeNull();
  });
});
