// Part of `npm run build`: copy the files the compiled code reads at run time next to it in dist/ (tsc only
// emits JavaScript). web-client/assets.ts reads its stylesheet and favicon from ./assets beside itself.
import { cpSync, rmSync } from 'node:fs';

const ASSET_FOLDERS = ['web-client/assets'];

for (const folder of ASSET_FOLDERS) {
  rmSync(`dist/${folder}`, { recursive: true, force: true });
  cpSync(folder, `dist/${folder}`, { recursive: true });
}
