"use client";

import "./globals.css";

// Replaces the root layout when it fails itself, so it brings its own <html> and styles.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en" className="dark">
      <body className="flex min-h-dvh items-center justify-center p-4 antialiased">
        <main className="glass w-full max-w-md p-8 text-center">
          <h1 className="text-xl font-semibold text-white">Switchboard could not load</h1>
          <p className="mt-2 text-fg-muted">Nothing was changed. Try again; if it keeps failing, quote reference {error.digest ?? "unknown"}.</p>
          <button type="button" onClick={reset} className="btn-primary focus-ring mt-6 min-h-10 rounded-[10px] px-4 text-sm font-medium text-white">
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
