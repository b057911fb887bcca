/**
 * Pages with text fields, which therefore never refresh themselves: a new game with options (a time control, a
 * FEN, a colour) and choosing the name this browser plays under.
 */
import { describeTimeControl, formatTimeControl, TIME_CONTROL_PRESETS } from '../../shared/time-control.js';
import { LIMITS, START_FEN } from '../../shared/vocabulary.js';
import { speedName } from '../clock-view.js';
import type { PageContext } from '../page-context.js';
import { LOBBY_PATH, NAME_PATH, NEW_GAME_FORM_PATH, NEW_GAME_PATH } from '../paths.js';
import { NameField } from './name-field.js';
import { Page } from './page.js';

/** What was typed in the New game form, kept after a refusal. */
export interface NewGameValues {
  name?: string;
  fen?: string;
  color?: string;
  timeControl?: string;
  customTimeControl?: string;
}

export interface NewGamePageProps {
  context: PageContext;
  error?: string | undefined;
  values?: NewGameValues | undefined;
  /** Which field the error is about (default: the position). */
  refusedField?: 'name' | 'fen' | 'timeControl' | undefined;
}

export function NewGamePage({ context, error, values, refusedField = 'fen' }: NewGamePageProps) {
  const nameRefused = error !== undefined && refusedField === 'name';
  const invalid = (field: 'fen' | 'timeControl') =>
    error !== undefined && refusedField === field ? { 'aria-invalid': true } : {};
  const color = values?.color ?? '';
  const chosenControl = values?.timeControl || 'untimed';
  return (
    <Page context={context} title="New game">
      <section className="card hero narrow" aria-labelledby="new-heading">
        <h1 id="new-heading">New game</h1>
        <p className="lede">
          Choose the time control, start from the usual position or from any position, and choose your colour.
        </p>
        {error ? (
          <p className="notice error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action={NEW_GAME_PATH} className="lobby-form">
          <NameField
            context={context}
            back={NEW_GAME_FORM_PATH}
            refused={nameRefused ? (values?.name ?? '') : undefined}
          />
          <fieldset className="time-choice">
            <legend>Time control</legend>
            <div className="time-choice-options">
              {TIME_CONTROL_PRESETS.map((preset) => {
                const value = formatTimeControl(preset);
                return (
                  <label key={value}>
                    <input type="radio" name="timeControl" value={value} defaultChecked={chosenControl === value} />{' '}
                    {preset ? describeTimeControl(preset) : 'Untimed'}
                    {preset?.type === 'realtime' ? <span className="muted"> {speedName(preset)}</span> : null}
                  </label>
                );
              })}
            </div>
            <label htmlFor="custom-time-control">Or type one (optional)</label>
            <input
              id="custom-time-control"
              name="customTimeControl"
              type="text"
              maxLength={20}
              defaultValue={values?.customTimeControl ?? ''}
              placeholder="2+1"
              spellCheck={false}
              autoComplete="off"
              aria-describedby="custom-time-help"
              {...invalid('timeControl')}
            />
            <p id="custom-time-help" className="hint">
              Minutes + increment in seconds (2+1, 0.5+0), or days per move (2d). A control typed here is used instead
              of the choice above.
            </p>
          </fieldset>
          <label htmlFor="fen">Start from a position (FEN, optional)</label>
          <input
            id="fen"
            name="fen"
            type="text"
            maxLength={LIMITS.fenMaxLength}
            defaultValue={values?.fen ?? ''}
            placeholder={START_FEN}
            spellCheck={false}
            autoComplete="off"
            aria-describedby="fen-help"
            {...invalid('fen')}
          />
          <p id="fen-help" className="hint">
            Leave it empty for the usual starting position.
          </p>
          <fieldset className="color-choice">
            <legend>Your colour</legend>
            {(['', 'white', 'black'] as const).map((value) => (
              <label key={value || 'either'}>
                <input type="radio" name="color" value={value} defaultChecked={color === value} />{' '}
                {value === '' ? 'Either' : value === 'white' ? 'White' : 'Black'}
              </label>
            ))}
          </fieldset>
          <div className="button-row">
            <button type="submit" className="primary">
              Create game
            </button>
            <a className="button" href={LOBBY_PATH}>
              Back to the lobby
            </a>
          </div>
        </form>
      </section>
    </Page>
  );
}

export interface NamePageProps {
  context: PageContext;
  /** Where to go once the name is saved (a local path). */
  back: string;
  error?: string | undefined;
  refused?: string | undefined;
}

export function NamePage({ context, back, error, refused }: NamePageProps) {
  return (
    <Page context={context} title="Your name">
      <section className="card hero narrow" aria-labelledby="name-heading">
        <h1 id="name-heading">Your name</h1>
        <p className="lede">Other players see this name next to the board.</p>
        {error ? (
          <p className="notice error" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action={NAME_PATH} className="lobby-form">
          <input type="hidden" name="back" value={back} />
          <NameField context={context} back={back} refused={refused} editable />
          <div className="button-row">
            <button type="submit" className="primary">
              Save
            </button>
            <a className="button" href={back}>
              Cancel
            </a>
          </div>
        </form>
      </section>
    </Page>
  );
}
