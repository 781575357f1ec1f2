/**
 * A modal dialog on the native <dialog> element: the browser traps focus,
 * closes on Escape and restores focus to the opener.
 */
import type { ReactNode } from 'react';
import { useEffect, useId, useRef } from 'react';

interface DialogProps {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}

/** A modal with a heading and a close button. */
export function Dialog({ title, open, onClose, children, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className={`dialog${wide ? ' dialog-wide' : ''}`} aria-labelledby={titleId} onClose={onClose}>
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button-quiet" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      {open && <div className="dialog-body">{children}</div>}
    </dialog>
  );
}
