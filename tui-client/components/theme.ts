/**
 * Colours of the terminal client. Every coloured meaning also has a character of its own (marks on squares,
 * signs before status text), so nothing rests on colour alone.
 */
/**
 * Square colours. Each channel is a multiple of 51 so that a 256-colour terminal gets the intended xterm colour
 * (223, 137, 186, 142, 167): chalk maps a channel to the colour cube by rounding v / 51.
 */
export const SQUARE_COLORS = {
  light: '#ffcc99',
  dark: '#996633',
  lastMoveLight: '#cccc66',
  lastMoveDark: '#999900',
  check: '#cc3333',
} as const;

/**
 * Pieces are drawn in black on both sides, as on a printed diagram: white's glyphs are outlines, black's are
 * filled, so the sides stay apart on any square, in any terminal theme, and with the colours stripped.
 */
export const PIECE_COLORS = { white: '#000000', black: '#000000' } as const;

export const TONE_COLORS = {
  turn: 'green',
  wait: 'cyan',
  check: 'red',
  alert: 'yellow',
  over: 'magenta',
  busy: 'blue',
  hurry: 'red',
} as const;

/** A sign before the status text per tone (shown with or without colour). */
export const TONE_SIGNS = {
  turn: '▶',
  wait: '…',
  check: '!',
  alert: '⚠',
  over: '■',
  busy: '↻',
  hurry: '⚠',
} as const;
