/** The app's mark: a speech bubble in the accent color. */
export function BrandMark({ size = 40 }: { size?: number }) {
  return (
    <svg
      className="brand-mark"
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="32" height="32" rx="9" className="brand-mark__bg" />
      <path
        d="M12.5 8h7a3.5 3.5 0 0 1 3.5 3.5v5a3.5 3.5 0 0 1-3.5 3.5H15l-4.2 3.4c-.5.4-1.3 0-1.3-.6V11.5A3.5 3.5 0 0 1 12.5 8z"
        className="brand-mark__fg"
      />
    </svg>
  );
}
