import { useRef, type KeyboardEvent } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: string;
}

export interface TabsProps<T extends string> {
  /** Accessible name of the tab list. */
  label: string;
  /** Prefix for the ids that tie each tab to its panel (see `tabPanelProps`). */
  idPrefix: string;
  items: readonly TabItem<T>[];
  value: T;
  onChange: (value: T) => void;
  orientation?: 'horizontal' | 'vertical';
  className?: string;
}

/** ARIA tabs: one tab stop; arrow keys, Home and End move between the tabs and select them. */
export function Tabs<T extends string>(props: TabsProps<T>) {
  const { label, idPrefix, items, value, onChange, orientation = 'horizontal', className } = props;
  const listRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = items.findIndex((item) => item.id === value);
    // Both axes work: a vertical list is laid out in a row on phones.
    let target: number | null = null;
    if (event.key === 'ArrowUp' || event.key === 'ArrowLeft')
      target = (index - 1 + items.length) % items.length;
    else if (event.key === 'ArrowDown' || event.key === 'ArrowRight') target = (index + 1) % items.length;
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = items.length - 1;
    const item = target === null ? undefined : items[target];
    if (!item) return;
    event.preventDefault();
    onChange(item.id);
    listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(idPrefix, item.id))}`)?.focus();
  };

  return (
    <div
      ref={listRef}
      role="tablist"
      aria-label={label}
      aria-orientation={orientation}
      className={className ? `tabs tabs--${orientation} ${className}` : `tabs tabs--${orientation}`}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="tab"
          id={tabId(idPrefix, item.id)}
          aria-selected={item.id === value}
          aria-controls={panelId(idPrefix, item.id)}
          tabIndex={item.id === value ? 0 : -1}
          className="tabs__tab"
          onClick={() => onChange(item.id)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`;
const panelId = (prefix: string, id: string) => `${prefix}-panel-${id}`;

/** Props for the panel of tab `id`. */
export function tabPanelProps(idPrefix: string, id: string) {
  return {
    role: 'tabpanel',
    id: panelId(idPrefix, id),
    'aria-labelledby': tabId(idPrefix, id),
    tabIndex: 0,
  } as const;
}
