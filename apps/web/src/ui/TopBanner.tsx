import type { ReactNode } from 'react';

export interface TopBannerProps {
  tone: 'warning' | 'info';
  children: ReactNode;
  action?: { label: string; onClick: () => void };
  testId?: string;
}

/** A full-width strip above the app for app-wide states (update required, reconnecting). */
export function TopBanner({ tone, children, action, testId }: TopBannerProps) {
  return (
    <div
      className={`top-banner top-banner--${tone}`}
      role={tone === 'warning' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <span className="top-banner__text">{children}</span>
      {action ? (
        <button type="button" className="button button--small top-banner__action" onClick={action.onClick}>
          {action.label}
        </button>
      ) : null}
    </div>
  );
}
