import { useEffect } from 'react';

/** Set the browser tab's title to "<page> · qmsr" while the page is shown. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · qmsr` : 'qmsr workspace';
  }, [title]);
}
