/**
 * The lobby's bots: bot accounts whose lichess event stream is open now (they answer challenges), each with a row of
 * Play buttons, one per preset of the quick-pairing grid. The buttons belong to the lobby's form (`form=`), so the
 * one name field serves them too; a time control is chosen by the button pressed rather than in a select, because
 * the lobby refreshes itself and a select would be reset under the player's hand.
 */
import { describeTimeControl, formatTimeControl, TIME_CONTROL_PRESETS } from '../../shared/time-control.js';
import { challengeButtonValue, CHALLENGE_PATH } from '../challenge-paths.js';
import { speedName } from '../clock-view.js';
import { Name } from './names.js';

export interface BotsSectionProps {
  /** Names of the bots online, as their accounts write them. */
  bots: readonly string[];
  /** The lobby form's id, which the buttons submit. */
  formId: string;
}

export function BotsSection({ bots, formId }: BotsSectionProps) {
  return (
    <section className="card bots" aria-labelledby="bots-heading">
      <h2 id="bots-heading">Play a bot</h2>
      {bots.length === 0 ? (
        <p className="empty-note">No bot is online now.</p>
      ) : (
        <ul className="bot-list">
          {bots.map((bot) => (
            <li key={bot} className="bot-row">
              <fieldset className="quick-pairing">
                <legend>
                  <Name name={bot} /> <span className="muted">(bot)</span> — play at:
                </legend>
                <div className="preset-grid">
                  {TIME_CONTROL_PRESETS.map((preset) => (
                    <button
                      key={formatTimeControl(preset)}
                      type="submit"
                      form={formId}
                      formAction={CHALLENGE_PATH}
                      name="challenge"
                      value={challengeButtonValue(bot, formatTimeControl(preset))}
                      className="preset"
                      aria-label={`Play ${bot} at ${preset ? describeTimeControl(preset) : 'no clock'}`}
                    >
                      <span className="preset-label">{preset ? describeTimeControl(preset) : 'Untimed'}</span>{' '}
                      <span className="preset-speed">{speedName(preset)}</span>
                    </button>
                  ))}
                </div>
              </fieldset>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
