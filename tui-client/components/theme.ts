/**
 * Colours of the terminal client. Every coloured meaning also has a character of its own (marks on squares,
 * signs before status text), so nothing rests on colour alone.
 */
/**
 * Square colours. Each channel is a multiple of 51 so that a 256-colour terminal gets the intended xterm colour
 * (223, 137, 186, 142, 167): chalk maps a channel to the colour cube by rounding v / 51.
 */
export const SQUARE_COLORS = {
  light: '#cc9966',
  dark: '#996633',
  lastMoveLight: '#cccc66',
  lastMoveDark: '#999933',
  check: '#cc3333',
  cursor: '#3366cc',
  selected: '#339933',
  targetLight: '#99cc66',
  targetDark: '#669933',
} as const;

/**
 * Pieces are told apart twice: by glyph (white's are outlines, black's are filled, as on a printed diagram, which
 * survives NO_COLOR and screen captures) and by colour (white's in white, black's in black, on mid-tone squares
 * so both read on light and dark squares alike).
 */
export const PIECE_COLORS = { white: '#ffffff', black: '#000000' } as const;

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
