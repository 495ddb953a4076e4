import type { SetupStep } from "@/lib/providers/types";

/** The guided steps. `keysUrl` is null for a provider connected only by OAuth: there is no key to create. */
export function SetupSteps({ steps, keysUrl, providerName }: { steps: SetupStep[]; keysUrl: string | null; providerName: string }) {
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title" className="text-lg font-medium text-white">{keysUrl ? "How to get the key" : "How to connect"}</h2>
      <ol className="mt-4 space-y-4">
        {steps.map((step, i) => (
          <li key={i} className="flex gap-3">
            <span aria-hidden="true" className="flex size-6 shrink-0 items-center justify-center rounded-full border border-line-strong text-xs text-white">
              {i + 1}
            </span>
            <div className="text-sm text-fg-muted">
              <p>{step.text}</p>
              {step.link && (
                <a href={step.link.href} target="_blank" rel="noopener noreferrer" className="mt-1 inline-block text-white underline underline-offset-4 focus-ring rounded">
                  {step.link.label}<span className="sr-only"> (opens in a new window)</span>
                </a>
              )}
            </div>
          </li>
        ))}
      </ol>
      {keysUrl && (
        <a href={keysUrl} target="_blank" rel="noopener noreferrer" className="mt-6 inline-flex rounded-xl border border-line-strong px-4 py-2 text-sm text-white hover:bg-white/5 focus-ring">
          Open {providerName} to create a key<span className="sr-only"> (opens in a new window)</span>
        </a>
      )}
    </section>
  );
}
