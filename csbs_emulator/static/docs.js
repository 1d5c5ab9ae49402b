// Starts Swagger UI from the page's JSON block (#docs-config). This file exists so that the
// pages carry no inline script: the emulator serves them under a CSP with script-src 'self'.
// Config: {url} or {spec} (the static site embeds the spec: file:// pages cannot fetch it),
// tryItOut (false on the static site: its server is the real cloud), preauthorize ({scheme:
// value}, the emulator's demo token).
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("docs-config").textContent);
  var preauthorize = config.preauthorize || {};
  var options = {
    dom_id: "#swagger-ui",
    // Operations get addressable fragments (#/Replication/replicateBackup) to link to.
    deepLinking: true,
    // The default posts the spec to a public validator and shows its badge: an outside request.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    plugins: [],
    layout: "BaseLayout",
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    showExtensions: false,
    supportedSubmitMethods: config.tryItOut
      ? ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
      : [],
    onComplete: function () {
      Object.keys(preauthorize).forEach(function (scheme) {
        window.ui.preauthorizeApiKey(scheme, preauthorize[scheme]);
      });
      document.body.setAttribute("data-docs-ready", "true");
    },
  };
  if (config.spec) {
    options.spec = config.spec;
  } else {
    options.url = config.url;
  }
  window.ui = SwaggerUIBundle(options);
})();
