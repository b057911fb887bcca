import { describe, expect, it } from 'vitest';
import { playGame } from '../test/support/real-games.js';
import { INITIAL_UI, uiReducer, type UiState } from './ui-state.js';

const game = playGame(['e4']);
const opened: UiState = uiReducer(INITIAL_UI, {
  type: 'session-opened',
  seat: game.seats.black,
  state: game.state,
  origin: 'paired',
  receivedAt: 1000,
});

describe('uiReducer', () => {
  it('keeps the newer game and returns the same object for an old or equal version (no re-render)', () => {
    const newer = playGame(['e4', 'e5']).state;
    expect(uiReducer(opened, { type: 'state-received', state: game.state, receivedAt: 2000 })).toBe(opened);
    const sameGameNewer = { ...newer, id: game.state.id, version: game.state.version + 1 };
    expect(uiReducer(opened, { type: 'state-received', state: sameGameNewer, receivedAt: 2000 }).game).toBe(
      sameGameNewer,
    );
    const answered = uiReducer(opened, {
      type: 'request-finished',
      state: game.state,
      notice: null,
      clearInput: true,
      receivedAt: 2000,
    });
    expect(answered.game).toBe(opened.game);
  });

  it('after a rematch opened the next game, a late poll of the previous one neither shows it nor clears the notice', () => {
    const previous = playGame(['f3', 'e5', 'g4', 'Qh4#']);
    const next = playGame([]);
    // The rematch is another game: another id.
    const rematch = { state: { ...next.state, id: 'Rematch00001' }, seats: next.seats };
    let ui = uiReducer(INITIAL_UI, {
      type: 'session-opened',
      seat: previous.seats.white,
      state: previous.state,
      origin: 'paired',
      receivedAt: 1000,
    });
    ui = uiReducer(ui, {
      type: 'session-opened',
      seat: { ...rematch.seats.white, gameId: rematch.state.id },
      state: rematch.state,
      origin: 'rematch',
      receivedAt: 2000,
    });
    const late = uiReducer(ui, { type: 'state-received', state: previous.state, receivedAt: 2100 });
    expect(late).toBe(ui);
    expect(late.notice?.text).toBe('Rematch: a new game against the same opponent.');
    const lateAnswer = uiReducer(ui, {
      type: 'request-finished',
      state: previous.state,
      notice: null,
      clearInput: false,
      receivedAt: 2100,
    });
    expect(lateAnswer.game).toBe(rematch.state);
  });

  it('edits the field; a refused move is selected and the next key replaces it', () => {
    let ui = uiReducer(opened, { type: 'field-typed', text: 'e' });
    ui = uiReducer(ui, { type: 'field-typed', text: '4' });
    expect(ui.input).toBe('e4');
    ui = uiReducer(ui, { type: 'request-started', label: 'Sending e4…' });
    ui = uiReducer(ui, {
      type: 'request-finished',
      state: null,
      notice: { tone: 'error', text: 'no' },
      clearInput: false,
      receivedAt: 2000,
    });
    expect(ui).toMatchObject({ input: 'e4', inputSelected: true, pending: null, notice: { text: 'no' } });
    ui = uiReducer(ui, { type: 'field-typed', text: 'd' });
    expect(ui).toMatchObject({ input: 'd', inputSelected: false, notice: null });
    ui = uiReducer(ui, { type: 'field-backspace' });
    expect(ui.input).toBe('');
    expect(uiReducer(ui, { type: 'field-backspace' })).toBe(ui);
  });

  it('cycles completions from what was typed before the first Tab', () => {
    let ui = uiReducer(opened, { type: 'input-changed', input: 'N' });
    ui = uiReducer(ui, { type: 'completion-taken', input: 'Nf6' });
    ui = uiReducer(ui, { type: 'completion-taken', input: 'Nc6' });
    expect(ui).toMatchObject({ input: 'Nc6', completionBase: 'N', completionIndex: 2 });
    ui = uiReducer(ui, { type: 'field-typed', text: 'x' });
    expect(ui).toMatchObject({ completionBase: null, completionIndex: 0 });
  });

  it('flips, opens and closes panels, and drops the resign question once the game is over', () => {
    expect(uiReducer(opened, { type: 'flipped' }).flipped).toBe(true);
    const asking = uiReducer(opened, { type: 'overlay-opened', overlay: 'confirm-resign' });
    expect(uiReducer(asking, { type: 'overlay-closed' }).overlay).toBe('none');
    const over = { ...playGame(['e4', { resign: 'white' }]).state, id: game.state.id, version: game.state.version + 5 };
    expect(uiReducer(asking, { type: 'state-received', state: over, receivedAt: 2000 }).overlay).toBe('none');
  });

  it('keeps the arrival time of the state shown: the clock counts down from the answer that carried it', () => {
    expect(opened.receivedAt).toBe(1000);
    const newer = { ...game.state, version: game.state.version + 1 };
    expect(uiReducer(opened, { type: 'state-received', state: newer, receivedAt: 3000 }).receivedAt).toBe(3000);
    // An older (or equal) version changes nothing, its time of arrival included.
    expect(uiReducer(opened, { type: 'state-received', state: game.state, receivedAt: 3000 }).receivedAt).toBe(1000);
    const refused = uiReducer(opened, {
      type: 'request-finished',
      state: null,
      notice: { tone: 'error', text: 'no' },
      clearInput: false,
      receivedAt: 3000,
    });
    expect(refused.receivedAt).toBe(1000);
    const moved = uiReducer(opened, {
      type: 'request-finished',
      state: newer,
      notice: null,
      clearInput: true,
      receivedAt: 4000,
    });
    expect(moved.receivedAt).toBe(4000);
  });
});
