/**
 * What an item is and where it comes from: the guidance, why it applies (or
 * not), why its priority, the old QSR provisions it replaces, and the ISO
 * clauses, QMSR provisions and knowledge-base sources behind it.
 */
import type { ItemDetail } from '../../types.js';
import { CitationLinks } from '../Citations.js';

/** The facts panel. */
export function ItemFacts({ item }: { item: ItemDetail }) {
  return (
    <section aria-labelledby="guidance-heading">
      <h2 id="guidance-heading">What an auditor looks for</h2>
      <p className="guidance">{item.guidance}</p>
      <dl className="facts">
        <dt>{item.applicable ? 'Why it applies' : 'Why it does not apply'}</dt>
        <dd>{item.reason}</dd>
        <dt>Why this priority</dt>
        <dd>{item.priorityReason}</dd>
        <dt>Replaces (old QSR)</dt>
        <dd>
          <CitationLinks citations={item.replaces} />
        </dd>
        <dt>ISO 13485:2016</dt>
        <dd>
          <CitationLinks citations={item.isoClauses} prefix="ISO 13485 " />
        </dd>
        <dt>QMSR provisions</dt>
        <dd>
          <CitationLinks citations={item.qmsrProvisions} />
        </dd>
        <dt>Inspection area</dt>
        <dd>{item.area.name}</dd>
        {item.evidenceHints.length > 0 && (
          <>
            <dt>Documents that address it usually say</dt>
            <dd>{item.evidenceHints.map((h) => `“${h}”`).join(', ')}</dd>
          </>
        )}
        <dt>Sources</dt>
        <dd className="small">
          {item.sources.join(', ')} · item <code>{item.itemId}</code>
        </dd>
      </dl>
    </section>
  );
}
