import type { ReactNode } from 'react';

export interface AlertProps {
  tone: 'error' | 'success' | 'info';
  children: ReactNode;
  /** Shows a dismiss button with this accessible label. */
  onDismiss?: () => void;
  dismissLabel?: string;
  className?: string;
  testId?: string;
}

/**
 * A message box above or inside a form. Errors use role="alert" so they are announced at once; the others
 * are a polite status.
 */
export function Alert({ tone, children, onDismiss, dismissLabel, className, testId }: AlertProps) {
  return (
    <div
      className={`alert alert--${tone}${className ? ` ${className}` : ''}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <div className="alert__body">{children}</div>
      {onDismiss ? (
        <button
          type="button"
          className="icon-button alert__dismiss"
          aria-label={dismissLabel}
          onClick={onDismiss}
        >
          <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
        </button>
      ) : null}
    </div>
  );
}
