/** A small padlock (decorative; the element around it carries the words). */
export function LockIcon({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect
        x="3.5"
        y="7"
        width="9"
        height="6.5"
        rx="1.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
      />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}

/** The lock badge of an end-to-end encrypted room (header, room list), labelled for screen readers. */
export function E2eBadge({ label, title, testId }: { label: string; title: string; testId?: string }) {
  return (
    <span className="e2e-badge" role="img" aria-label={label} title={title} data-testid={testId}>
      <LockIcon className="e2e-badge__icon" />
    </span>
  );
}
