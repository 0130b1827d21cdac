import type { ReactNode } from "react";

const cell = { padding: "6px 8px", borderBottom: "1px solid var(--p-color-border-secondary, #ebebeb)" } as const;

/** A plain data table (no scroll container, so nothing to focus) for charts' data and small breakdowns. */
export function SimpleTable({ headings, rows, caption }: { headings: string[]; rows: ReactNode[][]; caption?: string }) {
  return (
    <table style={{ width: "100%", borderCollapse: "collapse", fontSize: "0.8125rem" }}>
      {caption ? <caption style={{ textAlign: "left", paddingBottom: 4 }}>{caption}</caption> : null}
      <thead>
        <tr>
          {headings.map((h, i) => (
            <th key={h} scope="col" style={{ ...cell, textAlign: i === 0 ? "left" : "right", fontWeight: 600 }}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, r) => (
          <tr key={r}>
            {row.map((value, i) =>
              i === 0 ? (
                <th key={i} scope="row" style={{ ...cell, textAlign: "left", fontWeight: 400 }}>
                  {value}
                </th>
              ) : (
                <td key={i} style={{ ...cell, textAlign: "right" }}>
                  {value}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
