/**
 * A menu button (WAI-ARIA menu pattern): the button opens a list of actions, arrow keys move,
 * Enter runs, Escape closes and returns focus to the button.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface MenuAction {
  id: string;
  label: string;
  run(): void;
  disabled?: boolean;
  danger?: boolean;
}

export function Menu({ label, actions, children, className }: { label: string; actions: MenuAction[]; children: ReactNode; className?: string }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const itemsRef = useRef<Array<HTMLButtonElement | null>>([]);
  const menuId = useId();
  const enabled = actions.filter((action) => !action.disabled);

  useEffect(() => {
    if (!open) return;
    itemsRef.current[0]?.focus();
    const close = (event: MouseEvent) => {
      if (!(event.target as HTMLElement).closest(`[data-menu="${CSS.escape(menuId)}"]`)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open, menuId]);

  const onKeyDown = (event: KeyboardEvent) => {
    const items = itemsRef.current.filter(Boolean) as HTMLButtonElement[];
    const current = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(current + step + items.length) % items.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      items[event.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className={`menu ${className ?? ''}`} data-menu={menuId}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        {children}
      </button>
      {open && (
        <div role="menu" id={menuId} aria-label={label} className="menu-list" onKeyDown={onKeyDown}>
          {enabled.map((action, index) => (
            <button
              key={action.id}
              ref={(el) => {
                itemsRef.current[index] = el;
              }}
              role="menuitem"
              type="button"
              tabIndex={-1}
              className={`menu-item${action.danger ? ' menu-item-danger' : ''}`}
              onClick={() => {
                setOpen(false);
                action.run();
              }}
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
