import type { CapturedWebhook } from '@shared/model/webhook';

export function HeadersTable({ webhook }: { webhook: CapturedWebhook }) {
  const rows: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(webhook.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) rows.push([name, v]);
  }
  if (rows.length === 0) return <p className="muted">No headers.</p>;
  return (
    <table className="headers-table" aria-label="Request headers">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, value], i) => (
          <tr key={`${name}-${i}`}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
