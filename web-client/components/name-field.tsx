/**
 * The name a form plays under. Once this browser has a name (a cookie), forms carry it hidden and show it with a
 * "Change" link, so the page has no text field and may refresh itself without wiping anything being typed.
 */
import { Name } from './names.js';
import { LIMITS } from '../../shared/vocabulary.js';
import type { PageContext } from '../page-context.js';
import { NAME_PATH, withQuery } from '../paths.js';

export interface NameFieldProps {
  context: PageContext;
  /** Where "Change name" comes back to. */
  back: string;
  /** The name just typed was refused: show the field again with this text. */
  refused?: string | undefined;
  /** Always show the text field (the name page itself). */
  editable?: boolean;
}

export function NameField({ context, back, refused, editable = false }: NameFieldProps) {
  const invalid = refused !== undefined;
  if (context.rememberedName !== '' && !invalid && !editable) {
    return (
      <p className="playing-as">
        <input type="hidden" name="name" value={context.rememberedName} />
        You play as{' '}
        <strong className="chosen-name">
          <Name name={context.rememberedName} />
        </strong>{' '}
        <a href={withQuery(NAME_PATH, { back })}>Change name</a>
      </p>
    );
  }
  return (
    <>
      <label htmlFor="name">Your name</label>
      <input
        id="name"
        name="name"
        type="text"
        required
        // Browsers count maxlength in UTF-16 units, so 40 emoji would be cut at 20: twice the limit here lets every
        // 40-character name through, and the server counts characters (shared/player-name.ts) with a clear message.
        maxLength={LIMITS.nameMaxLength * 2}
        defaultValue={refused ?? context.rememberedName}
        autoComplete="nickname"
        {...(invalid ? { 'aria-invalid': true, autoFocus: true } : {})}
      />
    </>
  );
}
