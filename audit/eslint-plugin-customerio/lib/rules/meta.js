'use strict';
// The rule's metadata: ESLint's fields plus the cio-fake finding id and severity (one catalog with the run-time fake).
module.exports = function meta(name, { type = 'problem', description, findingId, severity, messages, schema = [] }) {
  return {
    type,
    // docs/rules/<name>.md in this package documents each rule
    docs: { description, recommended: true, findingId, severity, page: `docs/rules/${name}.md` },
    messages,
    schema,
  };
};
