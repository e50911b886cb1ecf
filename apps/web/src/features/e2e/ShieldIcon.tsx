/** A small shield with a check: a person this device verified (decorative; the element around it speaks). */
export function ShieldIcon({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M8 1.5 13 3.5v4c0 3.2-2.2 5.6-5 7-2.8-1.4-5-3.8-5-7v-4z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinejoin="round"
      />
      <path d="m5.6 8 1.7 1.7 3.2-3.4" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}

/** The "verified" mark beside a person's name, labelled for screen readers. */
export function VerifiedShield({ label }: { label: string }) {
  return (
    <span className="e2e-shield" role="img" aria-label={label} title={label} data-testid="verified-shield">
      <ShieldIcon className="e2e-shield__icon" />
    </span>
  );
}
