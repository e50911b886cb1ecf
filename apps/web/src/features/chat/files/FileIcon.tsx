import { fileIcon } from './format.ts';

/** A colored tile with the extension: the family (document, sheet, archive...) at a glance. */
export function FileIcon({
  name,
  contentType,
  size = 'md',
}: {
  name: string;
  contentType?: string;
  size?: 'sm' | 'md';
}) {
  const { family, label } = fileIcon(name, contentType);
  return (
    <span
      className={`file-icon file-icon--${family} file-icon--${size}`}
      data-family={family}
      aria-hidden="true"
    >
      <svg viewBox="0 0 24 24" focusable="false">
        <path
          d="M6 2h8l5 5v14a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z"
          fill="currentColor"
          opacity="0.18"
        />
        <path d="M14 2v5h5" fill="none" stroke="currentColor" strokeWidth="1.4" />
        <path
          d="M6 2h8l5 5v14a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.4"
        />
      </svg>
      {label ? <span className="file-icon__label">{label}</span> : null}
    </span>
  );
}
