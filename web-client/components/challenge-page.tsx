/**
 * The challenger's page while a bot is asked: "Challenging NAME…" with the time control, refreshing itself (meta
 * refresh, as the waiting page does) until the answer; then the route sends the browser to its seat, or this page
 * says plainly that the bot declined (with its reason), did not answer in time, or that the challenge was called
 * off.
 */
import { describeTimeControl, type TimeControl } from '../../shared/time-control.js';
import { challengeCancelPath, challengePagePath } from '../challenge-paths.js';
import { speedName } from '../clock-view.js';
import type { PageContext } from '../page-context.js';
import { LOBBY_PATH } from '../paths.js';
import { Name } from './names.js';
import { Page, RefreshControls } from './page.js';

export type ChallengeOutcome =
  | { kind: 'waiting'; secondsLeft: number }
  | { kind: 'declined'; reason: string }
  | { kind: 'expired'; seconds: number }
  | { kind: 'canceled' };

export interface ChallengePageProps {
  context: PageContext;
  challengeId: string;
  secret: string;
  bot: string;
  timeControl: TimeControl | null;
  outcome: ChallengeOutcome;
}

export function ChallengePage({ context, challengeId, secret, bot, timeControl, outcome }: ChallengePageProps) {
  const self = challengePagePath(challengeId, secret);
  const waiting = outcome.kind === 'waiting';
  const control = `${describeTimeControl(timeControl)} · ${speedName(timeControl)}`;
  return (
    <Page
      context={context}
      title={waiting ? `Challenging ${bot}` : `Challenge to ${bot}`}
      refresh={waiting ? { wanted: true, url: self, seconds: context.refreshSeconds } : undefined}
    >
      <section className="card message" aria-labelledby="challenge-heading">
        {outcome.kind === 'waiting' ? (
          <>
            <h1 id="challenge-heading">
              Challenging <Name name={bot} />…
            </h1>
            <p className="lede">
              {control}. Waiting for <Name name={bot} /> to accept (it has {outcome.secondsLeft} s to answer); this page
              becomes your game as soon as it does.
            </p>
            <form method="post" action={challengeCancelPath(challengeId, secret)} className="button-row">
              <button type="submit">Call the challenge off</button>
            </form>
            <RefreshControls context={context} wanted={true} selfPath={self} seconds={context.refreshSeconds} />
          </>
        ) : (
          <>
            <h1 id="challenge-heading">{headingOf(outcome, bot)}</h1>
            <p role="status">{sentenceOf(outcome, bot, control)}</p>
            <p>
              <a className="button primary" href={LOBBY_PATH}>
                Back to the lobby
              </a>
            </p>
          </>
        )}
      </section>
    </Page>
  );
}

function headingOf(outcome: Exclude<ChallengeOutcome, { kind: 'waiting' }>, bot: string): string {
  if (outcome.kind === 'declined') return `${bot} declined your challenge`;
  if (outcome.kind === 'expired') return `${bot} did not answer`;
  return 'Challenge called off';
}

function sentenceOf(outcome: Exclude<ChallengeOutcome, { kind: 'waiting' }>, bot: string, control: string): string {
  if (outcome.kind === 'declined') return `${bot} says: “${outcome.reason}” (${control}).`;
  if (outcome.kind === 'expired') {
    return `${bot} did not accept within ${outcome.seconds} seconds, so the challenge (${control}) lapsed. Try again, or another time control.`;
  }
  return `The challenge to ${bot} (${control}) was called off; no game was made.`;
}
