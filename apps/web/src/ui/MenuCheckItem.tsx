/** A menu entry with a check mark: one checkbox, or one choice of a radio group, of a menu. */
export function MenuCheckItem({
  role,
  checked,
  label,
  onClick,
  testId,
}: {
  role: 'menuitemcheckbox' | 'menuitemradio';
  checked: boolean;
  label: string;
  onClick: () => void;
  testId?: string;
}) {
  return (
    <button
      type="button"
      role={role}
      aria-checked={checked}
      className="menu-item"
      data-testid={testId}
      onClick={onClick}
    >
      <span className="menu-item__check" aria-hidden="true">
        {checked ? '✓' : ''}
      </span>
      {label}
    </button>
  );
}
