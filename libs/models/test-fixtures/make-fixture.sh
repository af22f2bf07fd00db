#!/bin/sh
# Regenerates libs/models/test-fixtures/toy-model/ (run from the repository root). Needed whenever the
# featurizer's encoding (FEATURIZER_VERSION) changes: the toy card then no longer matches and the tests say so.
set -eu
npx esbuild libs/models/test-fixtures/featurize-fixture-inputs.ts --bundle --platform=node --target=node20 \
  --packages=external --tsconfig=tsconfig.json --outfile=dist/fixtures/featurize-fixture-inputs.js --log-level=warning
node dist/fixtures/featurize-fixture-inputs.js dist/fixtures/toy-inputs.json
/usr/bin/python3 libs/models/test-fixtures/make_fixture_model.py dist/fixtures/toy-inputs.json \
  libs/models/test-fixtures/toy-model
