/**
 * Request validation: JSON bodies are checked as sent (no type coercion: `"ply": "3"` is an error), while query
 * strings and path parameters, which are always text, are coerced to the schema's types.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

function makeAjv(options: Options): Ajv {
  // strict: false because TypeBox adds its own annotations; useDefaults fills documented defaults.
  return addFormats(new Ajv({ strict: false, allErrors: false, useDefaults: true, ...options }));
}

const bodyAjv = makeAjv({ coerceTypes: false });
const textAjv = makeAjv({ coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema as object);
};
