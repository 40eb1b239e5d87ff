// A named import, so the bundle carries the version, not the whole package.json.
import { version } from '../../package.json';

export const APP_VERSION: string = version;
