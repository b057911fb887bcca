/**
 * Player names are user text: each is shown inside `<bdi>`, so that a name written right to left, or one holding
 * bidirectional controls such as U+202E (RIGHT-TO-LEFT OVERRIDE), cannot reorder the words around it.
 */
import type { ReactNode } from 'react';

/** One name, isolated. */
export function Name({ name }: { name: string }) {
  return <bdi className="name">{name}</bdi>;
}

/**
 * A sentence made elsewhere that contains names (e.g. "Waiting for bob…"), with each name isolated in `<bdi>`.
 * Longer names are matched first, so that "bob" inside "bobby" is left alone when both play.
 */
export function WithNames({ text, names }: { text: string; names: readonly (string | null | undefined)[] }) {
  const wanted = [...new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''))].sort(
    (a, b) => b.length - a.length,
  );
  if (wanted.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let rest = text;
  let key = 0;
  while (rest !== '') {
    let best: { index: number; name: string } | null = null;
    for (const name of wanted) {
      const index = rest.indexOf(name);
      if (index >= 0 && (best === null || index < best.index)) best = { index, name };
    }
    if (!best) {
      parts.push(rest);
      break;
    }
    if (best.index > 0) parts.push(rest.slice(0, best.index));
    parts.push(<Name key={key++} name={best.name} />);
    rest = rest.slice(best.index + best.name.length);
  }
  return <>{parts}</>;
}

/** A name for text-only places (the page title): isolated with U+2068 FIRST STRONG ISOLATE … U+2069. */
export function isolated(name: string): string {
  return `\u2068${name}\u2069`;
}
