import packageJson from '../../package.json' with { type: 'json' };

export const DONGBO_VERSION: string = packageJson.version;
