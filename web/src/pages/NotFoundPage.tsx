import { useTitle } from '../lib/use-title.js';
import { Link } from '../router.js';

/** An address that names no page. */
export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. Go to the <Link to="/">list of assessments</Link>, the <Link to="/guide">guide</Link> or the{' '}
        <Link to="/crosswalk">crosswalk</Link>.
      </p>
    </div>
  );
}
