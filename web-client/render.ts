/**
 * Components to an HTML document. React escapes every text and attribute value it renders, so user text (names,
 * typed moves) can never become markup: there is no string concatenation of user input anywhere in the pages.
 */
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

/** A complete HTML5 document from a `<html>` element. */
export function renderDocument(element: ReactElement): string {
  return `<!doctype html>\n${renderToStaticMarkup(element)}`;
}
