// A horizontal bar chart where each bar is a link to the records it counts. Labels and counts are
// HTML (so they read and wrap in any script); only the bar itself is SVG, mirrored for RTL in CSS.
import { Link } from "react-router";
import { useFormat } from "../components/format.ts";

export interface Bar { key: string; label: string; value: number; to: string }

export function BarList({ bars, label, testId }: { bars: Bar[]; label: string; testId?: string }) {
  const f = useFormat();
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <ul className="bar-list" aria-label={label} data-testid={testId}>
      {bars.map((b) => (
        <li key={b.key}>
          <Link to={b.to} className="bar-row">
            <span className="bar-label" dir="auto">{b.label}</span>
            <svg className="bar-svg chart-mirror" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect x="0" y="1" width="100" height="8" className="bar-track" />
              <rect x="0" y="1" width={(b.value / max) * 100} height="8" className="bar-fill" />
            </svg>
            <span className="bar-value">{f.number(b.value)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
