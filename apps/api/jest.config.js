// Three things differ from the shared preset:
// - The API's classes carry Nest decorators, and Nest's dependency injection and the OpenAPI document read the
//   types that TypeScript's legacy decorators record (`design:paramtypes`), so SWC emits that metadata here.
// - NestJS 12 ships as ES modules only. Jest runs CommonJS and can require ES modules only on Node 24.9+, so the
//   @nestjs packages are compiled to CommonJS by SWC as well (once, then cached by Jest).
const preset = require('../../jest.preset.js');

const swc = (extra) => [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      ...extra,
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  ...preset,
  displayName: 'api',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': swc({}),
    '/node_modules/@nestjs/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  // The end-to-end tests score with real ONNX models in this process: share the main realm's typed arrays
  // (see libs/models/jest-environment.js).
  testEnvironment: '<rootDir>/../../libs/models/jest-environment.js',
};
