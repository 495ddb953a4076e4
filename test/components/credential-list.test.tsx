import { render, screen } from "@testing-library/react";
import type { IntegrationRow } from "@/lib/integrations/queries";

jest.mock("@/actions/integrations/set-default-integration", () => ({ setDefaultIntegrationAction: async () => ({ ok: true }) }));

import { CredentialList } from "@/components/integrations/credential-list";

const row = (name: string, isDefault: boolean): IntegrationRow => ({
  id: `id-${name}`, provider: "openai", name, isDefault, status: "VALID", configuredAt: null, lastCheckedAt: null,
  checkOutcome: null, checkReason: null, accountLabel: null, details: {}, fingerprint: "T3Bl", authType: "api_key",
});

describe("the stored credentials list", () => {
  it("reads \"default, used by default\" for the default named default, not \"default default\"", () => {
    const { container } = render(<CredentialList rows={[row("default", true), row("backup", false)]} />);
    const name = (n: string) => container.querySelector(`[data-credential="${n}"] p`)!.textContent;
    expect(name("default")).toBe("default, used by default");
    expect(name("backup")).toBe("backup");
    expect(screen.getByText("used by default")).toBeVisible();
  });
});
