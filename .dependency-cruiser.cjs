// The direction of imports, checked by `npm run lint` (see ARCHITECTURE.md, "Folders and the
// direction of imports"). Each folder of src/ is a floor; a file imports from its own floor and
// the floors below it, never from a floor above, and nothing imports in a circle.
const FLOORS = ['cli', 'app', 'seed', 'tiers', 'sync', 'server', 'excel', 'db', 'domain'];

const upwards = FLOORS.slice(1).map((floor, i) => ({
  name: `no-upward-import-from-${floor}`,
  comment: `src/${floor}/ sits below ${FLOORS.slice(0, i + 1).join(', ')}: it must not import from them`,
  severity: 'error',
  from: { path: `^src/${floor}/` },
  to: { path: `^src/(${FLOORS.slice(0, i + 1).join('|')})/` },
}));

// The tiers are rooms side by side: none reaches into another's. The officers' screens
// (oversight) are shared by the province and the national tier.
const TIERS = { school: [], province: ['oversight'], national: ['oversight'], oversight: [] };
const betweenTiers = Object.entries(TIERS).map(([tier, allowed]) => ({
  name: `no-import-between-tiers-from-${tier}`,
  comment: `src/tiers/${tier}/ must not import from another tier's folder`,
  severity: 'error',
  from: { path: `^src/tiers/${tier}/` },
  to: {
    path: `^src/tiers/(${Object.keys(TIERS)
      .filter((other) => other !== tier && !allowed.includes(other))
      .join('|')})/`,
  },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'an import loop: the files in it cannot be read, tested or moved one at a time',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upwards,
    ...betweenTiers,
    {
      name: 'web-uses-only-the-domain',
      comment: 'the web app shares the pure domain code with the server, nothing else of src/',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/(?!domain/)' },
    },
  ],
  options: {
    // swc reads the TypeScript sources without the TypeScript compiler's API.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules|[.]test[.]ts$' },
  },
};
