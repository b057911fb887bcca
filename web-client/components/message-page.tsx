/**
 * A readable page for anything that is not a game or the lobby: not found (404), refused requests and server
 * faults. It says what happened in one sentence and links back to the lobby.
 */
import type { PageContext } from '../page-context.js';
import { LOBBY_PATH } from '../paths.js';
import { Page } from './page.js';

export interface MessagePageProps {
  context: PageContext;
  status: number;
  heading: string;
  message: string;
}

export function MessagePage({ context, status, heading, message }: MessagePageProps) {
  return (
    <Page context={context} title={heading}>
      <section className="card message" aria-labelledby="message-heading">
        <p className="status-code">Error {status}</p>
        <h1 id="message-heading">{heading}</h1>
        <p>{message}</p>
        <p>
          <a className="button primary" href={LOBBY_PATH}>
            Back to the lobby
          </a>
        </p>
      </section>
    </Page>
  );
}

/** A heading for a status: "Page not found", "Request refused". */
export function headingForStatus(status: number): string {
  if (status === 404) return 'Page not found';
  if (status === 403) return 'Not allowed';
  if (status === 409) return 'That cannot be done now';
  if (status === 413) return 'Too much data';
  if (status >= 500) return 'Something went wrong';
  return 'Request refused';
}
