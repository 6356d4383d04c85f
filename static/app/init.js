// Kept in a static file (not inline) so a Content Security Policy needs no hash or nonce.
import { initAll } from "/static/govuk-frontend/dist/govuk/govuk-frontend.min.js";
initAll();
