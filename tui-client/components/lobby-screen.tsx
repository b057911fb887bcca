/**
 * The lobby screen, drawn from plain props: a title, the two tabs (waiting games, live games), the numbered rows
 * of the page shown with the picked one marked, a status line (how many games, when last checked, or why not)
 * and the keys. Like the game screen it keeps one line below the terminal's height, from 40×12 up.
 */
import { Box, Text } from 'ink';
import { agoText } from '../describe.js';
import { lobbyHeaderText, lobbyRowText, pageNumber, type LobbyState, type LobbyTab } from '../lobby.js';
import { ActionBar, type KeyHint } from './action-bar.js';
import { TONE_COLORS, TONE_SIGNS } from './theme.js';

/** Which lines fit: the list gets what the title, tabs, column header, status and keys leave. */
export interface LobbyLayout {
  title: boolean;
  columnHeader: boolean;
  /** Rows of games on a page: also the page size asked of the server. */
  listRows: number;
  compactKeys: boolean;
  columns: number;
}

export function lobbyLayout(columns: number, rows: number): LobbyLayout {
  const safeColumns = columns > 0 ? columns : 80;
  const lines = (rows > 0 ? rows : 24) - 1;
  // Tabs, status and keys always; the title and the column header while at least 5 rows of games remain.
  let left = lines - 3;
  const columnHeader = left - 1 >= 5;
  if (columnHeader) left -= 1;
  const title = left - 1 >= 5;
  if (title) left -= 1;
  return { title, columnHeader, listRows: Math.max(1, left), compactKeys: safeColumns < 72, columns: safeColumns };
}

const TAB_LABELS: Record<LobbyTab, string> = { waiting: 'Waiting for a player', active: 'Live games' };
const TAB_SHORT: Record<LobbyTab, string> = { waiting: 'Waiting', active: 'Live' };

export interface LobbyScreenProps {
  lobby: LobbyState;
  layout: LobbyLayout;
  server: string;
  /** The time now: "checked 2 s ago". */
  now: number;
  /** A question in place of the status line, e.g. the offer to watch a full game. */
  question?: string | null;
}

/** The keys on offer in the lobby, most needed first. */
export function lobbyKeys(lobby: LobbyState, question: boolean): KeyHint[] {
  if (question)
    return [
      { key: 'w', label: 'watch it' },
      { key: 'Esc', label: 'back' },
      { key: 'q', label: 'quit' },
    ];
  const hints: KeyHint[] = [{ key: '↑↓', label: 'pick' }];
  if (lobby.page?.games.length) {
    hints.push({ key: 'Enter', label: lobby.tab === 'waiting' ? 'join' : 'watch' });
    if (lobby.tab === 'waiting') hints.push({ key: 'w', label: 'watch' });
  }
  hints.push(
    { key: 'Tab', label: lobby.tab === 'waiting' ? 'live games' : 'waiting games' },
    { key: 'n', label: 'new game' },
    { key: 'q', label: 'quit' },
    { key: '[ ]', label: 'pages' },
  );
  return hints;
}

function Tabs({ tab, compact }: { tab: LobbyTab; compact: boolean }) {
  const labels = compact ? TAB_SHORT : TAB_LABELS;
  // The tab shown is in brackets as well as inverse: it reads without colour and in a capture.
  const label = (which: LobbyTab) =>
    which === tab ? <Text inverse bold>{`[${labels[which]}]`}</Text> : <Text dimColor>{` ${labels[which]} `}</Text>;
  return (
    <Text wrap="truncate-end">
      {label('waiting')} {label('active')}
    </Text>
  );
}

function statusText(lobby: LobbyState, now: number): { tone: 'wait' | 'alert' | 'busy'; text: string } {
  if (lobby.failure) return { tone: 'alert', text: `server unreachable: ${lobby.failure}` };
  if (lobby.notice) return { tone: 'alert', text: lobby.notice };
  if (!lobby.page || lobby.loadedAt === null) return { tone: 'busy', text: 'Reading the lobby…' };
  const count = lobby.page.games.length;
  const what = lobby.tab === 'waiting' ? 'waiting' : 'live';
  const games = count === 0 ? `No ${what} games` : `${count} ${what} game${count === 1 ? '' : 's'}`;
  const more = lobby.page.nextCursor ? ', older on ]' : '';
  if (lobby.typed) {
    const act = lobby.tab === 'waiting' ? 'joins' : 'watches';
    return { tone: 'wait', text: `Number ${lobby.typed}: Enter ${act} it.` };
  }
  return {
    tone: 'wait',
    text: `${games} · page ${pageNumber(lobby)}${more} (checked ${agoText(lobby.loadedAt, now)})`,
  };
}

export function LobbyScreen({ lobby, layout, server, now, question = null }: LobbyScreenProps) {
  const games = lobby.page?.games ?? [];
  const status = statusText(lobby, now);
  const rowWidth = layout.columns - 2;
  return (
    <Box flexDirection="column" width={layout.columns}>
      {layout.title ? (
        <Text wrap="truncate-end">
          <Text bold color="cyan">
            Rookery lobby
          </Text>
          <Text dimColor> · {server}</Text>
        </Text>
      ) : null}
      <Tabs tab={lobby.tab} compact={layout.columns < 60} />
      {layout.columnHeader ? (
        <Text dimColor wrap="truncate-end">
          {'  '}
          {lobbyHeaderText(lobby.tab, rowWidth)}
        </Text>
      ) : null}
      {Array.from({ length: layout.listRows }, (_, index) => {
        const game = games[index];
        if (!game) {
          const empty = index === 0 && lobby.page ? '  (none: n opens a new game, Tab shows the other list)' : ' ';
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: empty rows have no identity but their place.
            <Text key={`empty-${index}`} dimColor wrap="truncate-end">
              {empty}
            </Text>
          );
        }
        const picked = index === lobby.selectedIndex;
        const text = lobbyRowText(game, index + 1, rowWidth);
        return (
          <Text key={game.id} wrap="truncate-end" inverse={picked} bold={picked}>
            {picked ? '▶ ' : '  '}
            {text}
          </Text>
        );
      })}
      {question ? (
        <Text bold color="red" wrap="truncate-end">
          {question}
        </Text>
      ) : (
        <Text wrap="truncate-end" color={TONE_COLORS[status.tone]}>
          {TONE_SIGNS[status.tone]} {status.text}
        </Text>
      )}
      <ActionBar hints={lobbyKeys(lobby, question !== null)} compact={layout.compactKeys} />
    </Box>
  );
}
