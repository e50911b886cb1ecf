import { BrandMark } from './BrandMark.tsx';

export interface StatusScreenProps {
  title: string;
  body?: string;
  busy?: boolean;
  action?: { label: string; onClick: () => void };
}

/** A centered full-page message: loading, or the server cannot be reached. */
export function StatusScreen({ title, body, busy, action }: StatusScreenProps) {
  return (
    <main className="status-screen" aria-busy={busy || undefined}>
      <BrandMark size={48} />
      <h1 className={busy ? 'status-screen__title status-screen__title--quiet' : 'status-screen__title'}>
        {title}
      </h1>
      {body ? <p className="status-screen__body">{body}</p> : null}
      {action ? (
        <button type="button" className="button button--primary" onClick={action.onClick}>
          {action.label}
        </button>
      ) : null}
    </main>
  );
}
