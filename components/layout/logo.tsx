/** The Switchboard mark: a plug socket of two bars and a red contact. `compact`: the word only from tablet width up. */
export function Logo({ className = "", compact = false }: { className?: string; compact?: boolean }) {
  return (
    <div className={`flex items-center gap-3 ${className}`}>
      <svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true">
        <rect x="1" y="1" width="26" height="26" rx="7" fill="#121212" stroke="rgba(255,255,255,0.15)" />
        <rect x="8" y="7" width="3" height="9" rx="1.5" fill="#fff" />
        <rect x="17" y="7" width="3" height="9" rx="1.5" fill="#fff" />
        <circle cx="14" cy="20" r="2.5" fill="#dc2626" />
      </svg>
      <span className={`text-lg font-semibold tracking-tight text-white ${compact ? "hidden sm:inline" : ""}`}>Switchboard</span>
    </div>
  );
}
