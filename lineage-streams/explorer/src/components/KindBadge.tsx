import { kindStyle } from '../kinds';

export function KindBadge({ kind }: { kind: string }) {
  const s = kindStyle(kind);
  return (
    <span className="kind" style={{ borderColor: s.color, color: s.color }} title={s.label}>
      {s.tag}
    </span>
  );
}
