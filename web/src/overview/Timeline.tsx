// Meetings and engagements on one time axis, years marked, each event a link. In Hebrew time
// runs right to left like the text. Below the axis the same events are listed, newest first,
// for reading and for keyboards.
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useFormat } from "../components/format.ts";

export interface TimelineItem { id: string; kind: string; title: string; date: string | null; detail: string }

const W = 1000;
const H = 110;
const PAD = 40;
const AXIS = 80;

const time = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);

export function Timeline({ items }: { items: TimelineItem[] }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const rtl = i18n.dir() === "rtl";
  const dated = items.filter((i): i is TimelineItem & { date: string } => Boolean(i.date));
  const now = Date.now();
  const times = dated.map((i) => time(i.date));
  const first = new Date(Math.min(now, ...times));
  const last = new Date(Math.max(now, ...times));
  const start = Date.UTC(first.getUTCFullYear(), 0, 1);
  const end = Date.UTC(last.getUTCFullYear() + 1, 0, 1);
  const x = (ms: number) => {
    const p = PAD + ((ms - start) / (end - start)) * (W - 2 * PAD);
    return rtl ? W - p : p;
  };
  const years: number[] = [];
  for (let y = first.getUTCFullYear(); y <= last.getUTCFullYear() + 1; y++) years.push(y);
  // Events on the same day stack upwards rather than hide each other.
  const seen = new Map<string, number>();
  const hrefOf = (i: TimelineItem) => (i.kind === "meeting" ? `/meetings/${i.id}` : `/engagements/${i.id}`);

  return (
    <div className="timeline" data-testid="timeline">
      <svg viewBox={`0 0 ${W} ${H}`} className="timeline-svg" role="group" aria-label={t("overview.timeline")}>
        <line x1={PAD / 2} x2={W - PAD / 2} y1={AXIS} y2={AXIS} className="axis" />
        {years.map((y) => (
          <g key={y}>
            <line x1={x(Date.UTC(y, 0, 1))} x2={x(Date.UTC(y, 0, 1))} y1={AXIS - 4} y2={AXIS + 4} className="axis" />
            <text x={x(Date.UTC(y, 6, 1))} y={AXIS + 22} textAnchor="middle" className="axis-label">{f.year(`${y}-07-01`)}</text>
          </g>
        ))}
        <line x1={x(now)} x2={x(now)} y1={10} y2={AXIS} className="today" />
        <text x={x(now)} y={10} textAnchor="middle" className="axis-label today-label">{t("overview.today")}</text>
        {dated.map((i) => {
          const n = seen.get(i.date) ?? 0;
          seen.set(i.date, n + 1);
          const cx = x(time(i.date));
          const cy = AXIS - 14 - n * 16;
          const label = `${t(`kind.${i.kind}`)}: ${i.title} (${f.date(i.date)})`;
          return (
            <a key={i.id} href={hrefOf(i)} aria-label={label} className={`event ${i.kind}`}
              onClick={(e) => { e.preventDefault(); void navigate(hrefOf(i)); }}>
              <title>{label}</title>
              {i.kind === "meeting"
                ? <circle cx={cx} cy={cy} r={7} />
                : <rect x={cx - 6} y={cy - 6} width={12} height={12} transform={`rotate(45 ${cx} ${cy})`} />}
            </a>
          );
        })}
      </svg>
      <ul className="legend" aria-hidden="true">
        <li><span className="swatch meeting" />{t("kind.meeting")}</li>
        <li><span className="swatch engagement" />{t("kind.engagement")}</li>
      </ul>
      <ol className="timeline-list">
        {items.map((i) => (
          <li key={i.id}>
            <time dateTime={i.date ?? undefined}>{f.date(i.date)}</time>
            <span className={`dot ${i.kind}`} aria-hidden="true" />
            <Link to={hrefOf(i)} dir="auto">{i.title}</Link>
            <span className="muted"> · {i.kind === "meeting" ? t(`meetingStatus.${i.detail}`) : t(`engagementKind.${i.detail}`)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
